/**
 * @jazz-auth/react runs the shared binding suite: `useJazzAuth` in a StrictMode tree rendered by
 * @testing-library/react, read as the app renders it, with React's own scheduling (no `act`
 * around the fake clock: updates land as they would in a browser, and `flush` waits for them).
 */
import type { TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth } from "@jazz-auth/react";
import { describeJazzAuthBinding } from "@jazz-auth/testing/conformance";
import { act, render } from "@testing-library/react";
import { StrictMode } from "react";

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean | undefined };
const hostSetTimeout = globalThis.setTimeout;

function Probe({ source, rendered }: { readonly source: TokenSource; readonly rendered: JazzAuth[] }) {
  const auth = useJazzAuth(source);
  rendered.push(auth);
  return <p>{auth.status}</p>;
}

describeJazzAuthBinding("@jazz-auth/react", (source) => {
  const rendered: JazzAuth[] = [];
  const view = render(
    <StrictMode>
      <Probe source={source} rendered={rendered} />
    </StrictMode>,
  );
  const previous = actEnvironment.IS_REACT_ACT_ENVIRONMENT;
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
  return {
    read: () => rendered.at(-1) as JazzAuth,
    flush: () => new Promise<void>((resolve) => hostSetTimeout(resolve, 0)),
    unmount() {
      actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
      act(() => view.unmount());
      actEnvironment.IS_REACT_ACT_ENVIRONMENT = previous;
    },
  };
});
