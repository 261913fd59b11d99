import { describeColumns } from './column-types.js';
import { EMPTY_RESULT, type ResultSet } from './results.js';
import { QNAME, maskLiterals, matchingBracket, nameParts, parameterMarkers, quoteName, trimStatement } from './sql-text.js';

/** What a statement does: a result (with the number of rows it wrote, for DML) or a SQL error. */
export type StatementOutcome =
  | { kind: 'result'; result: ResultSet; numModifiedRows?: number }
  | { kind: 'error'; message: string; sqlState: string };

export interface Namespace {
  catalog: string;
  schema: string;
}

export interface BoundParameter {
  type: string;
  value: string | null;
}

/** The original text of group `n` of a match made on the masked statement (regex flag 'd'). */
function group(statement: string, m: RegExpExecArray, n: number): string {
  const span = m.indices?.[n];
  if (!span) throw new Error('regex needs the d flag and the group must have matched');
  return statement.slice(span[0], span[1]);
}

function sqlError(errorClass: string, text: string, sqlState: string): StatementOutcome {
  return { kind: 'error', message: `[${errorClass}] ${text} SQLSTATE: ${sqlState}`, sqlState };
}

function notFound(parts: string[]): StatementOutcome {
  return sqlError(
    'TABLE_OR_VIEW_NOT_FOUND',
    `The table or view ${quoteName(parts)} cannot be found. Verify the spelling and correctness of the schema and catalog.\n` +
      'If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n' +
      'To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.',
    '42P01',
  );
}

function alreadyExists(parts: string[]): StatementOutcome {
  return sqlError(
    'TABLE_OR_VIEW_ALREADY_EXISTS',
    `Cannot create table or view ${quoteName(parts)} because it already exists.\n` +
      'Choose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.',
    '42P07',
  );
}

/**
 * A minimal Unity Catalog: CREATE TABLE registers a table, DROP TABLE removes it, INSERT and
 * DESCRIBE / SELECT ... FROM need it to exist. Everything else succeeds with an empty result.
 */
export class Catalog {
  readonly tables = new Map<string, { columnsSql: string }>();

  private resolve(nameText: string, ns: Namespace): { key: string; parts: string[] } {
    const parts = nameParts(nameText);
    const full = [...[ns.catalog, ns.schema].slice(0, 3 - parts.length), ...parts];
    return { key: full.map((p) => p.toLowerCase()).join('.'), parts };
  }

  execute(sql: string, parameters: Record<string, BoundParameter>, ns: Namespace): StatementOutcome {
    const statement = trimStatement(sql);
    const masked = maskLiterals(statement);

    const markers = parameterMarkers(statement);
    for (const name of markers.named) {
      if (!(name in parameters)) {
        return sqlError(
          'UNBOUND_SQL_PARAMETER',
          `Found the unbound parameter: ${name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`.`,
          '42P02',
        );
      }
    }

    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^CREATE\\s+(OR\\s+REPLACE\\s+)?TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${QNAME})`, 'id').exec(masked))) {
      const { key, parts } = this.resolve(group(statement, m, 3), ns);
      let columnsSql = '';
      const open = masked.slice(m[0].length).search(/\S/) + m[0].length;
      if (masked[open] === '(') {
        const close = matchingBracket(masked, open);
        if (close < 0) return sqlError('PARSE_SYNTAX_ERROR', "Syntax error at or near end of input.", '42601');
        columnsSql = statement.slice(open + 1, close).trim();
        try {
          describeColumns(columnsSql);
        } catch (error) {
          return sqlError('PARSE_SYNTAX_ERROR', `Syntax error in the column list: ${(error as Error).message}.`, '42601');
        }
      }
      if (this.tables.has(key) && !m[1]) {
        return m[2] ? { kind: 'result', result: EMPTY_RESULT } : alreadyExists(parts);
      }
      this.tables.set(key, { columnsSql });
      return { kind: 'result', result: EMPTY_RESULT };
    }

    if ((m = new RegExp(`^DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(${QNAME})`, 'id').exec(masked))) {
      const { key, parts } = this.resolve(group(statement, m, 2), ns);
      if (!this.tables.delete(key) && !m[1]) return notFound(parts);
      return { kind: 'result', result: EMPTY_RESULT };
    }

    if ((m = new RegExp(`^INSERT\\s+(?:INTO|OVERWRITE)\\s+(?:TABLE\\s+)?(${QNAME})`, 'id').exec(masked))) {
      const { key, parts } = this.resolve(group(statement, m, 1), ns);
      if (!this.tables.has(key)) return notFound(parts);
      const rows = insertedRowCount(statement, parameters);
      return {
        kind: 'result',
        result: {
          columns: [
            { name: 'num_affected_rows', type: 'BIGINT' },
            { name: 'num_inserted_rows', type: 'BIGINT' },
          ],
          rows: [[rows, rows]],
        },
        numModifiedRows: rows,
      };
    }

    if ((m = new RegExp(`^(?:DESCRIBE|DESC)\\s+(?:TABLE\\s+)?(?:(?:EXTENDED|FORMATTED)\\s+)?(${QNAME})\\s*$`, 'id').exec(masked))) {
      const { key, parts } = this.resolve(group(statement, m, 1), ns);
      const table = this.tables.get(key);
      if (!table) return notFound(parts);
      return {
        kind: 'result',
        result: {
          columns: [
            { name: 'col_name', type: 'STRING' },
            { name: 'data_type', type: 'STRING' },
            { name: 'comment', type: 'STRING' },
          ],
          rows: describeColumns(table.columnsSql).map((c) => [c.col_name, c.data_type, c.comment]),
        },
      };
    }

    if (/^SELECT\s+1$/i.test(masked)) {
      return { kind: 'result', result: { columns: [{ name: '1', type: 'INT' }], rows: [[1]] } };
    }

    if (/^SELECT\b/i.test(masked) && (m = new RegExp(`\\bFROM\\s+(${QNAME})(?![A-Za-z0-9_.\`]|\\s*\\()`, 'id').exec(masked))) {
      const { key, parts } = this.resolve(group(statement, m, 1), ns);
      if (!this.tables.has(key)) return notFound(parts);
      return { kind: 'result', result: EMPTY_RESULT };
    }

    return { kind: 'result', result: EMPTY_RESULT };
  }
}

/** Rows an INSERT writes: the length of a JSON-array parameter it reads, else the VALUES tuples. */
function insertedRowCount(statement: string, parameters: Record<string, BoundParameter>): number {
  for (const name of parameterMarkers(statement).named) {
    const value = parameters[name]?.value;
    if (typeof value !== 'string' || !value.trimStart().startsWith('[')) continue;
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.length;
    } catch {
      // not JSON: not a rows parameter
    }
  }
  const values = /\bVALUES\s*(.*)$/is.exec(maskLiterals(statement));
  if (values) return (values[1].match(/\(/g) ?? []).length || 1;
  return 0;
}
