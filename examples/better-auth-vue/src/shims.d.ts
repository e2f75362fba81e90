/** Single-file components, as `@vitejs/plugin-vue` compiles them (tsc does not read `.vue` files). */
declare module "*.vue" {
  import type { DefineComponent } from "vue";

  const component: DefineComponent;
  export default component;
}
