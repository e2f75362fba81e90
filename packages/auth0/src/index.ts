export { type Auth0ClientLike, type Auth0TokenRequest, type Auth0TokenSourceOptions, auth0TokenSource } from "./source";
