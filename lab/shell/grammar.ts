// Loads tree-sitter-powershell's WASM build through web-tree-sitter, lazily and once per process.
// Why WASM: the package's native binding is not built here, and the ESM Node binding would need
// import(); web-tree-sitter's CommonJS build works with a plain require.

export interface CstNode {
  type: string;
  named: boolean;
  missing: boolean;
  field: string | null;
  start: number;
  end: number;
  children: CstNode[];
}

interface TsCursor {
  nodeType: string;
  nodeIsNamed: boolean;
  nodeIsMissing: boolean;
  currentFieldName: string | null;
  startIndex: number;
  endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}
interface TsTree {
  walk(): TsCursor;
  delete(): void;
}
interface TsParser {
  parse(text: string): TsTree | null;
  setLanguage(lang: unknown): void;
}

let parser: TsParser | null = null;
let loading: Promise<void> | null = null;

/** Starts (or joins) loading the grammar. Emscripten's print hooks are silenced: stderr is reserved for PowerShell errors. */
export function loadGrammar(): Promise<void> {
  if (parser) return Promise.resolve();
  if (!loading) {
    loading = (async () => {
      // V8 would otherwise recompile the grammar's large WASM module with TurboFan in background
      // threads, and process exit waits for that: seconds for every shell. The baseline
      // compiler parses one line in well under a millisecond anyway.
      require('v8').setFlagsFromString('--liftoff-only');
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const ts = require('web-tree-sitter') as {
        Parser: { init(opts?: object): Promise<void>; new (): TsParser };
        Language: { load(path: string): Promise<unknown> };
      };
      const quiet = { print: () => undefined, printErr: () => undefined };
      await ts.Parser.init(quiet);
      const lang = await ts.Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
      const p = new ts.Parser();
      p.setLanguage(lang);
      parser = p;
    })();
  }
  return loading;
}

export function grammarLoaded(): boolean {
  return parser !== null;
}

/** Parses to plain objects and frees the WASM tree right away. */
export function parseCst(text: string): CstNode {
  if (!parser) throw new Error('grammar not loaded: await loadGrammar() first');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const cursor = tree.walk();
  try {
    return copy(cursor, false);
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** Node types whose children the AST builder finds by field name. */
const FIELD_PARENTS = new Set(['command', 'if_statement', 'elseif_clause', 'assignment_expression']);

// Every cursor getter crosses into WASM, and the grammar has ~140 nodes per line of script, so
// field names are read only where the builder uses them, and MISSING only on (zero-width) leaves.
function copy(c: TsCursor, withField: boolean): CstNode {
  const type = c.nodeType;
  const node: CstNode = {
    type,
    named: c.nodeIsNamed,
    missing: false,
    field: withField ? c.currentFieldName : null,
    start: c.startIndex,
    end: c.endIndex,
    children: [],
  };
  if (c.gotoFirstChild()) {
    const fields = FIELD_PARENTS.has(type);
    do {
      node.children.push(copy(c, fields));
    } while (c.gotoNextSibling());
    c.gotoParent();
  } else if (node.start === node.end) {
    node.missing = c.nodeIsMissing;
  }
  return node;
}
