import type { JazzWarning, JazzWarningCode } from "./types";

/** Collects warnings once per code and message. */
export class Warnings {
  readonly list: JazzWarning[] = [];
  /** Adds a warning unless the same code and message are already there. */
  add(code: JazzWarningCode, message: string): void {
    if (!this.list.some((warning) => warning.code === code && warning.message === message))
      this.list.push({ code, message });
  }
}
