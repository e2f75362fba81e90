export { type FirebaseAuthLike, type FirebaseUserLike, firebaseTokenSource } from "./source";
