export { type DoctorOptions, type DoctorReport, doctor, type Finding } from "./doctor";
export { generateBridgeKey, keygen } from "./keygen";
export { type Io, run } from "./main";
export { type CliProvider, type Flags, jazzServerCommand, PROVIDERS, presetFor } from "./providers";
export { UsageError } from "./usage-error";
