import type { RequestHandler } from 'express';

/*
 * Backstage serializes errors with their stack whenever NODE_ENV is
 * `development` (`MiddlewareFactory.error()`), and not only in the root
 * router: every plugin's httpRouter adds its own error middleware with the
 * same default, which the backend cannot configure. A stack names files,
 * versions and code paths, and `yarn start` (NODE_ENV=development) is how the
 * portal runs in many places, so error bodies are cleaned where every
 * response passes: the root app, before any route.
 */

type Json = unknown;

function stripError(error: Json): Json {
  if (!error || typeof error !== 'object' || Array.isArray(error)) return error;
  const { stack: _stack, cause, ...rest } = error as Record<string, Json>;
  return cause === undefined ? rest : { ...rest, cause: stripError(cause) };
}

/**
 * The body without `stack` in Backstage's error shapes: `{ error: {…} }`
 * (the error middleware) and `{ errors: [{…}] }` (catalog and scaffolder
 * validation answers), causes included.
 */
export function withoutStacks(body: Json): Json {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = body as Record<string, Json>;
  if (!('error' in b) && !Array.isArray(b.errors)) return body;
  const out: Record<string, Json> = { ...b };
  if ('error' in b) out.error = stripError(b.error);
  if (Array.isArray(b.errors)) out.errors = b.errors.map(stripError);
  return out;
}

/**
 * Any value with the `stack` of every serialized error in it removed (an
 * object with string `message` and `stack`), and the stack lines of every
 * `message` text, at any depth up to 12 levels.
 * For answers that carry errors inside successful bodies: the scaffolder's
 * task events (`{ body: { error: { name, message, stack } } }` of a failed
 * task, serialized with the stack in development mode).
 */
export function withoutNestedStacks(value: Json, depth = 0): Json {
  if (!value || typeof value !== 'object' || depth > 12) return value;
  if (Array.isArray(value)) return value.map(v => withoutNestedStacks(v, depth + 1));
  const o = value as Record<string, Json>;
  const isError = typeof o.message === 'string' && typeof o.stack === 'string';
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(o)) {
    if (isError && k === 'stack') continue;
    // A failed step's log line is the error's stack as text.
    out[k] = k === 'message' && typeof v === 'string' ? withoutStackLines(v) : withoutNestedStacks(v, depth + 1);
  }
  return out;
}

/** The text without the `    at fn (file:line:col)` lines of a stack trace. */
export function withoutStackLines(text: string): string {
  return text.replace(/\n[ \t]+at [^\n]*/g, '');
}

/** One chunk of a server-sent event stream with the stacks removed from each `data:` line's JSON. */
export function withoutStacksInEventStream(chunk: string): string {
  return chunk.replace(/^data: (.*)$/gm, (line, data: string) => {
    try {
      return `data: ${JSON.stringify(withoutNestedStacks(JSON.parse(data)))}`;
    } catch {
      return line;
    }
  });
}

// Where successful answers carry serialized errors: task events (JSON and the
// event stream) and task objects.
const TASK_ANSWERS = /^\/api\/scaffolder\/v2\/tasks(\/|$)/;

/**
 * Express middleware: error answers (status 400 and up) never carry a stack
 * trace, nor do the scaffolder's task answers (a failed task's events).
 */
export function withoutErrorStacks(): RequestHandler {
  return (req, res, next) => {
    const tasks = TASK_ANSWERS.test(req.path);
    const json = res.json.bind(res);
    res.json = (body?: Json) => {
      if (tasks) return json(withoutNestedStacks(body));
      return json(res.statusCode >= 400 ? withoutStacks(body) : body);
    };
    if (tasks) {
      // The event stream's text is cleaned before it is compressed: the
      // compression middleware (installed after this one) wraps res.write, so
      // ours is put on top once the headers are out (it wraps writeHead too).
      const writeHead = res.writeHead.bind(res) as (...args: any[]) => any;
      res.writeHead = ((...args: any[]) => {
        const headersArg = args.find(a => a && typeof a === 'object' && !Array.isArray(a));
        const typeArg = headersArg
          ? Object.entries(headersArg).find(([k]) => k.toLowerCase() === 'content-type')?.[1]
          : undefined;
        const result = writeHead(...args);
        const type = String(res.getHeader('content-type') ?? typeArg ?? '');
        if (type.startsWith('text/event-stream')) {
          const write = res.write.bind(res) as (...a: any[]) => boolean;
          res.write = ((chunk: any, ...rest: any[]) =>
            typeof chunk === 'string' || Buffer.isBuffer(chunk)
              ? write(withoutStacksInEventStream(chunk.toString()), ...rest)
              : write(chunk, ...rest)) as typeof res.write;
        }
        return result;
      }) as typeof res.writeHead;
    }
    next();
  };
}
