// The state of the outside services a running process uses (database,
// Redis), as the code that talks to them last saw it. A change is logged
// once (lost, back again), never once per failed call, and /healthz shows
// the current states.

import type { Logger } from '../log.ts';

export type ServiceState = 'up' | 'down';

export interface ServiceStatus {
  state: ServiceState;
  /** When it entered this state (ISO time). */
  since: string;
  detail?: string;
}

export class ServiceHealth {
  private readonly states = new Map<string, ServiceStatus>();
  private readonly changedAt = new Map<string, number>();

  constructor(private readonly log: Logger) {}

  /**
   * Records what a call to `service` showed; logs only when its state
   * changes. `startedAt`: when that call began; a success of a call begun
   * before the last failure was seen says nothing about now and is ignored.
   */
  report(service: string, state: ServiceState, detail?: string, startedAt = Date.now()): void {
    const previous = this.states.get(service);
    if (previous?.state === state) return;
    if (state === 'up' && startedAt < (this.changedAt.get(service) ?? 0)) return;
    this.changedAt.set(service, Date.now());
    this.states.set(service, { state, since: new Date().toISOString(), ...(detail ? { detail } : {}) });
    if (state === 'down') this.log.error(`${service} is unreachable; Pasker keeps trying and says so here when it is back`, { service, detail });
    else if (previous) this.log.info(`${service} is reachable again`, { service });
  }

  /** Every service reported so far, by name. */
  snapshot(): Record<string, ServiceStatus> {
    return Object.fromEntries(this.states);
  }

  /** False while any reported service is down. */
  get ok(): boolean {
    return [...this.states.values()].every((s) => s.state === 'up');
  }
}
