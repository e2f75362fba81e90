/** A mistake in how the command was called: exit code 2, one line, the option named. */
export class UsageError extends Error {
  override name = "UsageError";
}
