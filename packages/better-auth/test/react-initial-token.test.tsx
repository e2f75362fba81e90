/**
 * The SSR hand-off through the React hook: `useBetterAuthTokenSource(client, { initialToken })`
 * passes the option to the engine, so the server's render (renderToString) and the browser's first
 * render both show what the server knew, and the client's `token()` is not called for it.
 */
import { useBetterAuthTokenSource } from "@jazz-auth/better-auth/react";
import { useJazzAuth } from "@jazz-auth/react";
import { type ConformanceHarness, createConformanceHarness } from "@jazz-auth/testing";
import { render, screen } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import type { BetterAuthClientLike } from "../src/source";
import { fakeClient } from "./fake-sdk";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface StatusProps {
  readonly client: BetterAuthClientLike;
  readonly harness: ConformanceHarness;
  readonly initialToken: string | null;
}

/** The hook under test, and what it renders: the status and the config token. */
function Status({ client, harness, initialToken }: StatusProps) {
  const auth = useJazzAuth(useBetterAuthTokenSource(client, { ...harness.engine, initialToken }));
  return (
    <p>
      <span data-testid="status">{auth.status}</span> <span data-testid="token">{auth.jwtToken ?? ""}</span>
    </p>
  );
}

/** A harness with 10-minute tokens, and a fake client that counts its `token()` calls. */
function setup() {
  const harness = createConformanceHarness({ lifetimeSeconds: 600 });
  const inner = fakeClient(harness.provider);
  let calls = 0;
  const client: BetterAuthClientLike = {
    ...inner,
    token: (options) => {
      calls += 1;
      return inner.token(options);
    },
  };
  return { harness, client, calls: () => calls };
}

describe("useBetterAuthTokenSource with initialToken", () => {
  it("renders signed in with the server's token on the server and on the first client render, with no token() call", async () => {
    const { harness, client, calls } = setup();
    const minted = harness.provider.mint("user-1");
    const html = renderToString(<Status client={client} harness={harness} initialToken={minted} />);
    expect(html).toContain(">signed-in<");
    expect(html).toContain(minted);

    const view = render(<Status client={client} harness={harness} initialToken={minted} />);
    cleanups.push(() => view.unmount());
    expect(screen.getByTestId("status").textContent).toBe("signed-in");
    expect(screen.getByTestId("token").textContent).toBe(minted);
    await harness.clock.advance(60_000);
    expect(calls()).toBe(0);
  });

  it("renders signed out for null, on the server and in the browser, with no token() call", async () => {
    const { harness, client, calls } = setup();
    expect(renderToString(<Status client={client} harness={harness} initialToken={null} />)).toContain(">signed-out<");
    const view = render(<Status client={client} harness={harness} initialToken={null} />);
    cleanups.push(() => view.unmount());
    expect(screen.getByTestId("status").textContent).toBe("signed-out");
    await harness.clock.advance(60_000);
    expect(calls()).toBe(0);
  });
});
