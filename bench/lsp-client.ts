// A minimal LSP client over a child's stdio for the bench: the same script drives
// kpw's server and clangd, so both see the same requests in the same order.
// Answers the server's own requests (configuration, registrations) with defaults.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Servers still running: killed when the bench exits, however it exits (an error in a row
 *  left clangd parsing at 40% CPU after the bench was gone). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: unknown };

export class LspClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  /** `settings`: what workspace/configuration answers for each item (null: the server's defaults). */
  constructor(
    command: string,
    args: string[],
    private readonly settings: unknown = null,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
    live.add(this.child);
    this.child.once('exit', () => live.delete(this.child));
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve, reject) =>
      this.pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result))),
    );
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next notification `method` whose params pass `test`. */
  next(method: string, test: (params: unknown) => boolean = () => true): Promise<unknown> {
    return new Promise((resolve) =>
      this.waiters.push({
        test: (m) => m.method === method && test(m.params),
        resolve: (m) => resolve(m.params),
      }),
    );
  }

  async initialize(rootUri: string): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, hover: {} } },
    });
    this.notify('initialized', {});
  }

  /** CPU milliseconds (user + system) the server has used so far, from /proc. */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  }

  /** The server's main thread, from /proc/PID/schedstat (nanosecond counters): milliseconds it ran
   *  on a CPU and milliseconds it was ready to run but waited for one (the machine's load). */
  mainThreadMs(): { ran: number; queued: number } {
    const [ran, queued] = readFileSync(`/proc/${this.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { ran: ran / 1e6, queued: queued / 1e6 };
  }

  rssMb(): number {
    const line = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return line ? Number(line[1]) / 1024 : NaN;
  }

  async stop(): Promise<void> {
    if (!live.has(this.child)) return; // already gone: its 'exit' will not come again
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      // a server that already went away
    }
    // Asked, then told, then made: a server busy parsing may not read `exit` or heed SIGTERM.
    const term = setTimeout(() => this.child.kill(), 2000);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 4000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(m: Message): void {
    if (m.method && m.id !== undefined) {
      // A request from the server: defaults for configuration, null for the rest.
      const items = (m.params as { items?: unknown[] } | undefined)?.items;
      const result = m.method === 'workspace/configuration' ? (items ?? []).map(() => this.settings) : null;
      this.send({ jsonrpc: '2.0', id: m.id, result });
      return;
    }
    if (m.id !== undefined) {
      this.pending.get(Number(m.id))?.(m);
      this.pending.delete(Number(m.id));
      return;
    }
    const i = this.waiters.findIndex((w) => w.test(m));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
  }
}
