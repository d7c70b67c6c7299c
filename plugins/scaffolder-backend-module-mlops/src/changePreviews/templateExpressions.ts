import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The `${{ … }}` expressions a preview evaluates, without Nunjucks and
 * without running any code: paths into `parameters` and `steps.<id>.output`
 * (`a.b`, `a['b-c']`), string literals, `===`/`!==`/`==`/`!=`, `and`, `or`,
 * `not`, and the filters `parseEntityRef`, `pick('…')`, `lower`, `upper`,
 * `join('…')`. Anything else is refused (the step cannot be previewed), so a
 * template in the catalog can never make the preview run code. The values
 * filled in the form are data, never parsed as expressions.
 */

type Token =
  | { t: 'id'; v: string }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string };

const MAX_EXPRESSION = 500;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_$]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') throw new Error('escapes in string literals are not supported');
        v += src[j];
        j++;
      }
      if (j >= src.length) throw new Error('unterminated string');
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    const three = src.slice(i, i + 3);
    const two = src.slice(i, i + 2);
    if (three === '===' || three === '!==') {
      out.push({ t: 'op', v: three });
      i += 3;
    } else if (two === '==' || two === '!=') {
      out.push({ t: 'op', v: two });
      i += 2;
    } else if ('.[]|(),'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
    } else {
      throw new Error(`'${c}' is not supported`);
    }
  }
  return out;
}

/** The data an expression reads. */
export interface ExpressionScope {
  parameters: Record<string, unknown>;
  steps: Record<string, { output: Record<string, unknown> }>;
}

const own = (o: unknown, k: string): unknown =>
  o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k)
    ? (o as Record<string, unknown>)[k]
    : undefined;

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly scope: ExpressionScope) {}

  parse(): unknown {
    const v = this.or();
    if (this.pos !== this.tokens.length) throw new Error('unexpected text after the expression');
    return v;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private take(t: Token['t'], v?: string): Token {
    const tok = this.tokens[this.pos];
    if (!tok || tok.t !== t || (v !== undefined && tok.v !== v)) {
      throw new Error(`expected ${v ?? t}`);
    }
    this.pos++;
    return tok;
  }
  private isWord(v: string) {
    const tok = this.peek();
    return tok?.t === 'id' && tok.v === v;
  }
  private isOp(v: string) {
    const tok = this.peek();
    return tok?.t === 'op' && tok.v === v;
  }

  private or(): unknown {
    let v = this.and();
    while (this.isWord('or')) {
      this.pos++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }
  private and(): unknown {
    let v = this.not();
    while (this.isWord('and')) {
      this.pos++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }
  private not(): unknown {
    if (this.isWord('not')) {
      this.pos++;
      return !this.not();
    }
    return this.compare();
  }
  private compare(): unknown {
    const left = this.pipe();
    const tok = this.peek();
    if (tok?.t === 'op' && ['===', '!==', '==', '!='].includes(tok.v)) {
      this.pos++;
      const right = this.pipe();
      const same = left === right;
      return tok.v.startsWith('!') ? !same : same;
    }
    return left;
  }
  private pipe(): unknown {
    let v = this.primary();
    while (this.isOp('|')) {
      this.pos++;
      const name = this.take('id').v;
      const args: string[] = [];
      if (this.isOp('(')) {
        this.pos++;
        while (!this.isOp(')')) {
          args.push(this.take('str').v);
          if (this.isOp(',')) this.pos++;
        }
        this.take('op', ')');
      }
      v = applyFilter(name, v, args);
    }
    return v;
  }
  private primary(): unknown {
    const tok = this.peek();
    if (tok?.t === 'str') {
      this.pos++;
      return tok.v;
    }
    if (tok?.t === 'op' && tok.v === '(') {
      this.pos++;
      const v = this.or();
      this.take('op', ')');
      return v;
    }
    const root = this.take('id').v;
    if (root === 'true') return true;
    if (root === 'false') return false;
    if (root !== 'parameters' && root !== 'steps') {
      throw new Error(`'${root}' is not supported (only parameters and steps)`);
    }
    let v: unknown = root === 'parameters' ? this.scope.parameters : this.scope.steps;
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        v = own(v, this.take('id').v);
      } else if (this.isOp('[')) {
        this.pos++;
        const key = this.take('str').v;
        this.take('op', ']');
        v = own(v, key);
      } else {
        return v;
      }
    }
  }
}

function applyFilter(name: string, v: unknown, args: string[]): unknown {
  switch (name) {
    case 'parseEntityRef':
      if (typeof v !== 'string') return undefined;
      return { ...parseEntityRef(v) };
    case 'pick':
      return own(v, args[0] ?? '');
    case 'lower':
      return typeof v === 'string' ? v.toLowerCase() : v;
    case 'upper':
      return typeof v === 'string' ? v.toUpperCase() : v;
    case 'join':
      return Array.isArray(v) ? v.map(String).join(args[0] ?? ',') : v;
    default:
      throw new Error(`the filter '${name}' is not supported`);
  }
}

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluateExpression(expression: string, scope: ExpressionScope): unknown {
  if (expression.length > MAX_EXPRESSION) throw new Error('expression too long');
  return new Parser(tokenize(expression), scope).parse();
}

const WHOLE = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/;
const PART = /\$\{\{([\s\S]*?)\}\}/g;

/**
 * Renders a step's `input` or `if` as the scaffolder would for the subset
 * above: a string that is one expression keeps the value's type; expressions
 * inside text are joined as text. `where` names the step and field in errors.
 */
export function renderTemplateValue(value: unknown, scope: ExpressionScope, where: string): unknown {
  const wrap = <T,>(expr: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw new InputError(
        `${where}: the preview cannot evaluate \${{${expr}}}: ${(e as Error).message}`,
      );
    }
  };
  if (typeof value === 'string') {
    const whole = value.match(WHOLE);
    if (whole && !whole[1].includes('}}')) {
      return wrap(whole[1], () => evaluateExpression(whole[1], scope));
    }
    return value.replace(PART, (_m, expr: string) =>
      wrap(expr, () => {
        const v = evaluateExpression(expr, scope);
        return v === undefined || v === null ? '' : String(v);
      }),
    );
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => renderTemplateValue(v, scope, `${where}[${i}]`));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') continue;
      const rendered = renderTemplateValue(v, scope, `${where}.${k}`);
      // As the scaffolder does: keys whose value renders to undefined are dropped.
      if (rendered !== undefined) out[k] = rendered;
    }
    return out;
  }
  return value;
}
