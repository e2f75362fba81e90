/**
 * Where a thread's node:crypto signature checks run: on the thread itself (the synchronous form) or on
 * libuv's thread pool (the callback form). Neither is faster everywhere (docs/benchmarks.md): one
 * verification at a time, the synchronous check wins (no hand-off); with many in flight on one
 * thread the pool wins where other cores are idle; with every core already running a busy thread
 * the synchronous check wins again. So the choice is made by measurement, on the machine, while busy.
 */

/** From how many verifications in flight at once on a thread the pool is considered at all. */
export const POOL_FROM_IN_FLIGHT = 8;
/** Checks placed in each form during a trial, after {@link TRIAL_SETTLE} that are not timed. */
export const TRIAL_CHECKS = 512;
/** Checks placed at the start of each trial form before its timing starts (the hand-over settles). */
export const TRIAL_SETTLE = 64;
/** Checks placed in the chosen form between two trials. */
export const CHOSEN_CHECKS = 16_384;
/**
 * How many times longer the stretch between trials is when the thread was kept because the cores were
 * taken: a trial could only find the same while they are, and the watch starts one as soon as they are
 * free again (see {@link CHANGE_FACTOR}); the rare trial covers a watch that pauses kept blind.
 */
export const TAKEN_STRETCH = 4;
/**
 * While its checks run on the thread, the process using more than this many cores short of all of
 * them means other threads take the cores already: the pool cannot add one, so the thread is kept.
 * Halfway: on the 2-core machine of docs/benchmarks.md, one busy thread was read at 1.05-1.28 cores
 * over 15 ms (V8's helper threads), two at 1.79-2.13.
 */
export const CORES_TAKEN_WITHIN = 0.5;
/**
 * Between trials, each run of {@link TRIAL_CHECKS} checks is timed too, and the chosen form's figure
 * follows it (the mean of the figure and the run's): a run this many times slower than the figure
 * means the machine changed (another thread started), and a trial starts at once.
 */
export const CHANGE_FACTOR = 1.3;
/** How many timed runs in a row must say the machine changed (slower, or cores freed) to start a trial. */
export const CHANGE_RUNS = 2;
/** A form must place checks this much faster than the current one to replace it. */
export const SWITCH_MARGIN = 1.05;
/** A pause this long (ms) between two busy checks is left out of a trial's timing. */
export const TRIAL_GAP_MS = 20;

/** The two forms of a check. */
export type CheckForm = "thread" | "pool";

/** What a busy thread's placement has learnt (for tests and the bench). */
export interface PlacementState {
  /** The form busy checks use between trials. */
  readonly chosen: CheckForm;
  /** `trial` while both forms are being timed. */
  readonly phase: "chosen" | "trial";
  /** Checks placed per millisecond in each form, averaged over the trials so far (`null` before one). */
  readonly lastTrial: Readonly<Record<CheckForm, number>> | null;
  /** Whether the last trial found the process using every core while this thread checked on itself. */
  readonly coresTaken: boolean;
}

/** What a placement reads from its surroundings: injected in tests. */
export interface PlacementEnvironment {
  /** A monotonic clock, in milliseconds. */
  now(): number;
  /** Runs `task` after the current microtask (the overlap probe). */
  defer(task: () => void): void;
  /**
   * The CPU time the whole process has used so far, in milliseconds: every thread, libuv's pool
   * included (`process.cpuUsage()`); `null` where the runtime cannot tell.
   */
  processCpu(): number | null;
  /** How many cores the process may use (`os.availableParallelism()`), or `null`. */
  readonly cores: number | null;
}

/** The surroundings of this thread, looked up without importing any Node module statically. */
export function runtimePlacementEnvironment(): PlacementEnvironment {
  const host = (
    globalThis as {
      process?: {
        cpuUsage?: () => { user: number; system: number };
        getBuiltinModule?: (id: string) => unknown;
      };
    }
  ).process;
  const os = host?.getBuiltinModule?.("node:os") as { availableParallelism?: () => number } | undefined;
  const cpuUsage = host?.cpuUsage;
  return {
    now: () => performance.now(),
    defer: queueMicrotask,
    processCpu: cpuUsage
      ? () => {
          const { user, system } = cpuUsage.call(host);
          return (user + system) / 1000;
        }
      : () => null,
    cores: os?.availableParallelism?.() ?? null,
  };
}

/** The placement of one thread; see {@link createCheckPlacement}. */
export interface CheckPlacement {
  /**
   * True when a verification should be counted ({@link CheckPlacement.enter}) and yield once before
   * its check, so that a whole burst is counted before any check is placed: verifications have been
   * seen to overlap on this thread and the check may go to the pool. False for verifications one at
   * a time, and false while busy when the thread is the chosen form between trials: those checks
   * are made at once, with no yield, and {@link CheckPlacement.checkedAtOnce} still times them.
   */
  counted(): boolean;
  /**
   * A check was made at once (not counted): a probe after the current microtask says how many were.
   * While busy with the thread chosen, it is also the chosen stretch's next check.
   */
  checkedAtOnce(): void;
  /** A counted verification starts. */
  enter(): void;
  /** A counted verification ends (success or refusal). */
  leave(): void;
  /** Whether a counted verification's check goes to the pool now; times the forms while busy. */
  offload(): boolean;
  /** What has been learnt so far. */
  state(): PlacementState;
}

/**
 * Creates a placement. Overlap is found without costing a verification anything: each check made at
 * once is counted, and one microtask queued behind it reads the count. A caller that awaits each
 * verification before the next lets the probe run between them (a count of 1); callers that start
 * many at once (`Promise.all`, concurrent requests resumed in one turn) start them all before it
 * runs. Once overlapping, verifications are counted while in flight; when fewer than
 * {@link POOL_FROM_IN_FLIGHT} are, checks are synchronous and the thread goes back to checking at once.
 *
 * While busy, the two forms are timed in turn ({@link TRIAL_CHECKS} checks each, the first form
 * alternating between trials) and the one that placed checks faster is kept for
 * {@link CHOSEN_CHECKS} checks: in a closed loop a check is placed when an earlier one completes, so
 * placements per millisecond are completions per millisecond. But when, during the thread's timed
 * checks, the process already used (nearly) every core — other worker threads busy too — the thread
 * is kept without comparing: each thread alone would see the pool win a core that another thread's
 * checks then lose, and every thread on the pool is slower than every thread on its own core.
 * Between trials the chosen form is watched, and a change of the machine starts a trial early.
 * When the chosen form is the thread, its checks between trials are made at once (no count, no
 * yield: the cheapest way there is) and are timed as they are made; the probe then says when they
 * stop overlapping.
 */
export function createCheckPlacement(
  environment: PlacementEnvironment = runtimePlacementEnvironment(),
): CheckPlacement {
  const { now, defer, processCpu, cores } = environment;
  let overlapping = false;
  let atOnce = 0;
  let probing = false;
  let inFlight = 0;

  let chosen: CheckForm = "pool";
  let phase: "chosen" | "trial" = "trial";
  let lastTrial: Record<CheckForm, number> | null = null;
  /** The order of the current trial's forms (the first alternates from trial to trial). */
  let order: [CheckForm, CheckForm] = ["pool", "thread"];
  /** Index in `order` during a trial. */
  let step = 0;
  let placed = 0;
  let timedFrom = 0;
  /** The process's CPU time when the current form's timing started, and whether a pause broke it. */
  let cpuFrom: number | null = null;
  let paused = false;
  /** Whether the last trial found every core taken while checking on the thread. */
  let coresTaken = false;
  let lastPlacedAt = Number.NEGATIVE_INFINITY;
  /** The run of chosen checks being timed between trials: its start, CPU time, pause and length. */
  let watchFrom = 0;
  let watchCpu: number | null = null;
  let watchPaused = false;
  let watched = 0;
  /** Timed runs in a row that said the machine changed. */
  let changedRuns = 0;
  const rates: Record<CheckForm, number> = { thread: 0, pool: 0 };

  const probe = () => {
    probing = false;
    if (atOnce >= POOL_FROM_IN_FLIGHT) overlapping = true;
    // In the thread's stretch, checks are made at once: fewer than a burst between two probes means
    // they no longer overlap. (Counted verifications are followed by their count instead.)
    else if (threadStretch()) overlapping = false;
    atOnce = 0;
  };

  /** Busy, between trials, with the thread chosen: checks are made at once and still timed. */
  const threadStretch = () => overlapping && phase === "chosen" && chosen === "thread";

  function startTrial(): void {
    phase = "trial";
    changedRuns = 0;
    step = 0;
    placed = 0;
  }

  /** The process's CPU use over `elapsed` ms since `from` exceeds all cores but {@link CORES_TAKEN_WITHIN}. */
  function taken(from: number | null, elapsed: number): boolean | null {
    const cpu = from === null ? null : processCpu();
    if (cpu === null || from === null || cores === null) return null;
    return (cpu - from) / elapsed > cores - CORES_TAKEN_WITHIN;
  }

  /**
   * Whether the machine changed under the chosen form, from the run of chosen checks that this one
   * completes: its rate fell {@link CHANGE_FACTOR} times below the form's figure, or the cores that
   * kept the checks on the thread are free again. Otherwise the figure follows the run.
   */
  function changed(at: number, gap: number): boolean {
    if (gap > TRIAL_GAP_MS && watched > 0) {
      watchFrom += gap;
      watchPaused = true;
    }
    if (watched++ === 0) {
      watchFrom = at;
      watchCpu = chosen === "thread" && coresTaken ? processCpu() : null;
      watchPaused = false;
      return false;
    }
    if (watched <= TRIAL_CHECKS) return false;
    watched = 0;
    const elapsed = Math.max(at - watchFrom, 1e-3);
    const rate = TRIAL_CHECKS / elapsed;
    const slower = rate * CHANGE_FACTOR < rates[chosen];
    const freed = chosen === "thread" && coresTaken && !watchPaused && taken(watchCpu, elapsed) === false;
    // A run that overlapped a neighbour's start or stop, or a short stall of a shared machine, is
    // one run: only a change that lasts (CHANGE_RUNS runs in a row) is worth a trial.
    if (slower || freed) return ++changedRuns >= CHANGE_RUNS;
    changedRuns = 0;
    rates[chosen] = (rates[chosen] + rate) / 2;
    return false;
  }

  /** The form of the next busy check, advancing the trial or the chosen stretch. */
  function next(at: number): CheckForm {
    const gap = at - lastPlacedAt;
    if (phase === "chosen") {
      const stretch = chosen === "thread" && coresTaken ? TAKEN_STRETCH * CHOSEN_CHECKS : CHOSEN_CHECKS;
      if (++placed < stretch && !changed(at, gap)) return chosen;
      order = [order[1], order[0]];
      watched = 0;
      startTrial();
    }
    // A pause (the thread left the busy state, or did other work) says nothing about either form:
    // the trial's clock stops for it, and the trial goes on when the thread is busy again.
    if (gap > TRIAL_GAP_MS && placed >= TRIAL_SETTLE) {
      timedFrom += gap;
      paused = true;
    }
    const form = order[step] as CheckForm;
    placed++;
    if (placed === TRIAL_SETTLE) {
      timedFrom = at;
      cpuFrom = form === "thread" ? processCpu() : null;
      paused = false;
    }
    if (placed === TRIAL_SETTLE + TRIAL_CHECKS) {
      const elapsed = Math.max(at - timedFrom, 1e-3);
      // Each form's figure is the mean of its last figure and this one: one trial spoilt by a
      // garbage collection or a neighbour's burst does not decide alone.
      const rate = TRIAL_CHECKS / elapsed;
      rates[form] = lastTrial ? (rates[form] + rate) / 2 : rate;
      if (form === "thread") coresTaken = !paused && taken(cpuFrom, elapsed) === true;
      placed = 0;
      if (++step === 2) {
        lastTrial = { ...rates };
        const other: CheckForm = chosen === "pool" ? "thread" : "pool";
        if (coresTaken) chosen = "thread";
        else if (rates[other] > rates[chosen] * SWITCH_MARGIN) chosen = other;
        phase = "chosen";
      }
    }
    return form;
  }

  /** Places one busy check now: its form, and the time the next one's gap is measured from. */
  function place(): CheckForm {
    const at = now();
    const form = next(at);
    lastPlacedAt = at;
    return form;
  }

  return {
    counted: () => overlapping && !threadStretch(),
    checkedAtOnce() {
      atOnce++;
      if (!probing) {
        probing = true;
        defer(probe);
      }
      if (threadStretch()) {
        place();
      }
    },
    enter() {
      inFlight++;
    },
    leave() {
      inFlight--;
    },
    offload() {
      if (inFlight < POOL_FROM_IN_FLIGHT) {
        overlapping = false;
        return false;
      }
      return place() === "pool";
    },
    state: () => ({ chosen, phase, lastTrial: lastTrial && { ...lastTrial }, coresTaken }),
  };
}

/** The placement of this thread, shared by every verifier on it (each worker thread has its own). */
export const threadPlacement: CheckPlacement = createCheckPlacement();
