import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SparkSQL } from 'dt-sql-parser';
import { parseTableName, type TableName } from '../../../src/route/table-name.js';
import { parseDdl } from '../../../src/schema/parse-ddl.js';
import { ddlTemplate, TABLE_KINDS, TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import type { ColumnType } from '../../../src/schema/types.js';
import { createTableSql, describeSql, insertSql, rowsType } from '../../../src/sinks/databricks/statements.js';

/**
 * The SQL the warehouse sink and bootstrap emit: it parses as Spark SQL, and its types are exactly
 * the DDL of `sql/`.
 *
 * dt-sql-parser's SparkSQL grammar takes table names of at most two parts (`db.table`, Spark 2
 * style), so before validating, the three-part name is checked on its own (each part backquoted)
 * and then replaced by a two-part one. The `:rows` named parameter marker is accepted by the
 * grammar as it is (no substitution needed); the type inside the from_json string literal, which
 * the parser does not look into, is validated separately as a column type.
 */

const spark = new SparkSQL();

function sparkErrors(sql: string): string[] {
  return spark.validate(sql).map((e) => `${e.message} (at ${e.startLine}:${e.startColumn})`);
}

function tableName(text: string): TableName {
  const parsed = parseTableName(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.name;
}

const TABLE = tableName('main.tele-metry.claude_otel_logs');
const QUOTED = '`main`.`tele-metry`.`claude_otel_logs`';
const TWO_PART = '`tele_metry`.`claude_otel_logs`';

/** Checks the quoted three-part name is where it belongs, then puts a two-part name there for the parser. */
function forParser(sql: string): string {
  assert.ok(sql.includes(QUOTED), `${sql.slice(0, 80)}: names the table as ${QUOTED}`);
  return sql.split(QUOTED).join(TWO_PART);
}

const strip = (type: string) => type.replace(/`/g, '');

describe('statements', () => {
  test('the from_json type of each kind is exactly the DDL columns of sql/, in order', () => {
    for (const kind of TABLE_KINDS) {
      const type = rowsType(kind);
      assert.match(type, /^ARRAY<STRUCT<`[a-z_]+`: /);
      // Read back with the DDL parser of src/schema (names unquoted) and compare with the sql/ file itself.
      const parsed = parseDdl(`CREATE TABLE x (r ${strip(type)}) USING DELTA`).columns[0].type;
      const ddl = parseDdl(ddlTemplate(kind));
      const expected: ColumnType = { kind: 'array', element: { kind: 'struct', fields: ddl.columns } };
      assert.deepStrictEqual(parsed, expected, kind);
      assert.deepStrictEqual(ddl.columns, TABLE_SCHEMAS[kind].columns);
      // And the type, as Spark SQL syntax, is a valid column type (field names backquoted).
      assert.deepStrictEqual(sparkErrors(`CREATE TABLE s.t (r ${type}) USING DELTA`), [], `${kind}: type parses`);
    }
  });

  test('INSERT: one statement with one :rows parameter, FAILFAST, parses as Spark SQL', () => {
    for (const kind of TABLE_KINDS) {
      const sql = insertSql(TABLE, kind);
      assert.equal(
        sql,
        `INSERT INTO ${QUOTED} SELECT inline(from_json(:rows, '${rowsType(kind)}', map('mode', 'FAILFAST', 'allowNonNumericNumbers', 'true')))`,
      );
      assert.equal(sql.match(/:[a-z_]+/g)?.length, 1, 'one named parameter marker');
      assert.deepStrictEqual(sparkErrors(forParser(sql)), [], kind);
    }
  });

  test('the parser does reject a broken statement (guards the check itself)', () => {
    assert.notDeepStrictEqual(sparkErrors(forParser(insertSql(TABLE, 'logs')).replace('SELECT', 'SELEKT')), []);
    assert.notDeepStrictEqual(sparkErrors(`CREATE TABLE s.t (r ARRAY<STRUCT<a: LONG>) USING DELTA`), []);
  });

  test('CREATE TABLE: the sql/ DDL with IF NOT EXISTS and the name backquoted; parses as Spark SQL; same columns', () => {
    for (const kind of TABLE_KINDS) {
      const sql = createTableSql(TABLE, kind);
      assert.ok(sql.startsWith(`CREATE TABLE IF NOT EXISTS ${QUOTED} (\n`), sql.slice(0, 80));
      assert.match(sql, /\) USING DELTA\nTBLPROPERTIES \(\n {2}'otel\.schemaVersion' = 'v1'\n\)$/);
      assert.deepStrictEqual(sparkErrors(forParser(sql)), [], kind);
      const reparsed = parseDdl(sql.replace(`IF NOT EXISTS ${QUOTED}`, 'x'));
      assert.deepStrictEqual(reparsed.columns, TABLE_SCHEMAS[kind].columns);
      assert.deepStrictEqual(reparsed.properties, { 'otel.schemaVersion': 'v1' });
    }
  });

  test('DESCRIBE TABLE parses as Spark SQL', () => {
    const sql = describeSql(TABLE);
    assert.equal(sql, `DESCRIBE TABLE ${QUOTED}`);
    assert.deepStrictEqual(sparkErrors(forParser(sql)), []);
  });
});
