import http from 'node:http';

/**
 * The bench's HTTP client: keep-alive connections from many loopback source addresses (127.0.0.2, .3, ...), as many
 * coordinators would come from many addresses; the API's per-address throttle (1,200 a minute) then brakes none of them.
 */
export class BenchHttp {
  private readonly agents: http.Agent[];
  private next = 0;

  constructor(
    private readonly baseUrl: string,
    sources = 64,
  ) {
    this.agents = Array.from(
      { length: sources },
      (_, i) => new http.Agent({ keepAlive: true, maxSockets: 8, localAddress: `127.0.0.${i + 2}` }),
    );
  }

  /**
   * One JSON call; resolves with the status and parsed body (never rejects on an HTTP status). A request the server
   * reset on a kept-alive socket it was closing as idle never reached it, and is sent again (Node's documented advice).
   */
  async call<T = unknown>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once<T>(method, path, token, body, headers);
      } catch (error) {
        const reused = (error as { reusedSocket?: boolean }).reusedSocket === true;
        if (!reused || (error as NodeJS.ErrnoException).code !== 'ECONNRESET' || attempt >= 3) throw error;
      }
    }
  }

  private once<T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const agent = this.agents[this.next++ % this.agents.length];
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        {
          method,
          agent,
          timeout: 60_000,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if ((response.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
            resolve({ status: response.statusCode ?? 0, body: parsed as T });
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
      request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.end(payload);
    });
  }

  /** Like `call`, but anything but 200/201 is an error naming the answer. */
  async ok<T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown): Promise<T> {
    const result = await this.call<T>(method, path, token, body);
    if (result.status !== 200 && result.status !== 201) {
      throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
    }
    return result.body;
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
  }
}
