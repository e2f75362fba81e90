/** @jsxImportSource solid-js */
// The pragma types this file's JSX as Solid's when the root tsconfig (React's JSX) checks it.
import { render } from "solid-js/web";
import { App } from "./app";

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app");
render(() => <App />, root);
