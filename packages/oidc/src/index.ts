export {
  type OidcTokenSourceOptions,
  type OidcUserLike,
  type OidcUserManagerLike,
  oidcTokenSource,
} from "./source";
