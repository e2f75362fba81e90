// Worker bootstrap for the verifier bench: lets a worker thread run TypeScript (tsx), then loads the worker.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
