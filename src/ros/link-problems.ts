/**
 * What the link tells the operator when connecting fails or the connection drops: a
 * message naming the cause and a hint saying what to do about it.
 */
import type { Clock } from '../base/clock.ts';
import type { ProblemInput, ProblemSet } from '../base/problem.ts';
import type { MalformedInfo } from './transport.ts';

export const LINK_PROBLEM = {
  url: 'link.url',
  unreachable: 'link.unreachable',
  lost: 'link.lost',
  malformed: 'link.malformed',
  handler: 'link.handler',
  listener: 'link.listener',
} as const;

const START_ROSBRIDGE =
  'Is rosbridge_server running? Start it with `ros2 launch rosbridge_server rosbridge_websocket_launch.xml` ' +
  '(ROS 2) or `roslaunch rosbridge_server rosbridge_websocket.launch` (ROS 1), and check the host and port (default 9090).';

/** Why a connection attempt failed, for the operator. */
export function describeConnectFailure(url: string, err: Error | null): ProblemInput {
  const code = (err as { code?: unknown } | null)?.code;
  const { host, port } = hostAndPort(url);
  const base = { key: LINK_PROBLEM.unreachable, severity: 'error' as const };
  switch (code) {
    case 'ECONNREFUSED':
      return { ...base, message: `Cannot reach ${url}: connection refused`, hint: START_ROSBRIDGE };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { ...base, message: `Cannot reach ${url}: unknown host "${host}"`, hint: 'Check the host name in the robot profile, or use the robot\'s IP address.' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { ...base, message: `Cannot reach ${url}: no route to ${host}`, hint: 'Check that this computer and the robot are on the same network.' };
    case 'ETIMEDOUT':
      return { ...base, message: `Cannot reach ${url}: ${err?.message ?? 'timed out'}`, hint: `Check the network, and that no firewall blocks port ${port}. ${START_ROSBRIDGE}` };
  }
  const http = /Unexpected server response: (\d+)/.exec(err?.message ?? '');
  if (http) {
    return {
      ...base,
      message: `${url} answered HTTP ${http[1]}, not a WebSocket upgrade`,
      hint: `Something other than rosbridge listens on port ${port}; rosbridge_websocket listens on 9090 by default.`,
    };
  }
  return { ...base, message: `Cannot reach ${url}: ${err?.message ?? 'connection closed'}`, hint: START_ROSBRIDGE };
}

/** A connection that was up went down. */
export function describeDrop(url: string, code: number | null, err: Error | null): ProblemInput {
  const why = err ? err.message : code !== null ? `close code ${code}` : 'closed';
  return {
    key: LINK_PROBLEM.lost,
    severity: 'warning',
    message: `Connection to ${url} lost (${why}); reconnecting`,
    hint: 'The link reconnects by itself. Driving stays disarmed until you re-arm.',
  };
}

export function describeBadUrl(url: string): ProblemInput {
  return {
    key: LINK_PROBLEM.url,
    severity: 'error',
    message: `Not a WebSocket URL: ${JSON.stringify(url)}`,
    hint: 'Use ws://host:9090 (or wss:// for a TLS rosbridge) in the robot profile.',
  };
}

export function describeMalformed(url: string, count: number, reason: string, sample: string): ProblemInput {
  return {
    key: LINK_PROBLEM.malformed,
    severity: 'warning',
    message: `${count} malformed frame${count === 1 ? '' : 's'} from ${url} ignored; last: ${reason} (${sample})`,
    hint: 'The server sent something that is not rosbridge v2 JSON. Check that the URL points at rosbridge_server and that no proxy rewrites the stream.',
  };
}

/**
 * Counts malformed frames and reports them as one problem: at once for the first, then at
 * most once a second, so a server spewing garbage does not cause a UI update per frame.
 */
export class MalformedReport {
  count = 0;
  private last: { url: string; info: MalformedInfo } | null = null;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly clock: Clock, private readonly problems: ProblemSet) {}

  note(url: string, info: MalformedInfo): void {
    this.count++;
    this.last = { url, info };
    if (this.cancelTimer) return;
    this.report();
    this.cancelTimer = this.clock.setTimeout(() => {
      this.cancelTimer = null;
      this.report();
    }, 1000);
  }

  reset(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.count = 0;
    this.last = null;
  }

  private report(): void {
    if (!this.last) return;
    const { url, info } = this.last;
    this.problems.raise(describeMalformed(url, this.count, info.reason, info.sample));
  }
}

export function isWebSocketUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function hostAndPort(url: string): { host: string; port: string } {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port || (u.protocol === 'wss:' ? '443' : '80') };
  } catch {
    return { host: url, port: '9090' };
  }
}
