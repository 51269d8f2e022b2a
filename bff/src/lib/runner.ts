import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { Once } from './once';

/** A piece of background work: run every `everyMs` on the one instance that leads. */
export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * One runner for the background work of every instance (issue 16.4): the help and work-order
 * ticks, webhook delivery, payment sweeps, reminders and housekeeping run on one instance at a
 * time.
 *
 * Leadership is time-sliced: slot `n` covers `[n·slotMs, (n+1)·slotMs)` and belongs to whoever
 * inserts the key `runner:n` first (an insert of one `_id` is the one operation atomic on every
 * backend; FerretDB does not re-check a conditional update's filter). The leader takes the next
 * slot's key in the second half of its own, before anyone else tries it, so it keeps leading
 * while it lives; when it dies nobody takes the next slot for it, and the first instance to try
 * the slot after that leads — within two slots. Two instances never lead the same slot.
 */
export function createRunner(deps: {
  once: Pick<Once, 'take'>;
  clock: Clock;
  logger: Logger;
  slotMs: number;
  /** A job that takes longer than this is logged with its time (warn). */
  slowMs?: number;
  /** How often an instance looks at its leadership and the jobs due. */
  stepMs?: number;
  jobs: Job[];
}) {
  const { once, clock, logger, slotMs, jobs } = deps;
  const id = randomBytes(6).toString('hex');
  const held = new Set<number>();
  const nextAt = new Map<string, number>();
  const running = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  // who leads, for whoever looks at the keys (an operator, the three-instance test)
  const holder = { runner: id, pid: process.pid };
  const take = (slot: number) =>
    once.take(`runner:${slot}`, holder).then((won) => {
      if (won) held.add(slot);
      return won;
    });

  /** True while this instance leads the current slot; claims it or the next one as it may. */
  async function lead(): Promise<boolean> {
    const now = clock.now().getTime();
    const slot = Math.floor(now / slotMs);
    for (const s of held) if (s < slot) held.delete(s);
    if (!held.has(slot)) await take(slot);
    if (held.has(slot) && now - slot * slotMs >= slotMs / 2 && !held.has(slot + 1)) await take(slot + 1);
    return held.has(slot);
  }

  /**
   * Looks at leadership and starts the jobs that are due if this instance leads, without waiting
   * for them (a long job never costs the next slot); a job never overlaps itself. Answers the
   * names of the jobs started.
   */
  async function step(): Promise<string[]> {
    if (!(await lead())) return [];
    const now = clock.now().getTime();
    const names: string[] = [];
    for (const job of jobs) {
      if (running.has(job.name) || (nextAt.get(job.name) ?? 0) > now) continue;
      running.add(job.name);
      names.push(job.name);
      const started = performance.now();
      void job
        .run()
        .catch((err: unknown) => logger.warn({ err, job: job.name }, 'background job failed'))
        .finally(() => {
          const ms = Math.round(performance.now() - started);
          if (ms > (deps.slowMs ?? Infinity)) logger.warn({ job: job.name, ms }, 'background job was slow');
          running.delete(job.name);
          nextAt.set(job.name, clock.now().getTime() + job.everyMs);
        });
    }
    return names;
  }

  return {
    id,
    lead,
    /** One look at leadership and the jobs due (the timer's beat; tests call it directly). */
    step,
    /** True if this instance led the slot it last looked at. */
    leads: () => held.has(Math.floor(clock.now().getTime() / slotMs)),
    start(): void {
      if (timer) return;
      const stepMs = deps.stepMs ?? Math.max(50, Math.floor(slotMs / 6));
      const loop = () => {
        step()
          .catch((err: unknown) => logger.warn({ err }, 'background runner step failed'))
          .finally(() => {
            if (timer) timer = setTimeout(loop, stepMs);
          });
      };
      timer = setTimeout(loop, 0);
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type Runner = ReturnType<typeof createRunner>;
