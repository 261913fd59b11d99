/**
 * The `.lvdash.json` format of Databricks AI/BI (Lakeview) dashboards, as far as this export writes
 * it (checked against the dashboards of databricks/bundle-examples and the Lakeview API's
 * `serialized_dashboard`): datasets whose SQL is `queryLines` (joined verbatim) with declared
 * `parameters` (`:keyword` in the SQL), and pages on a 12-column grid whose widgets query a dataset
 * and carry a versioned `spec`.
 */

/** What the export needs of a usage view: its Databricks SQL already rendered. */
export interface ExportView {
  id: string;
  title: string;
  /** The id of the page it sits on. */
  page: string;
  columns: readonly { name: string; type: ColumnType }[];
  chart: string;
  /** For line / bar / area charts: the x column, the y columns and the optional series column. */
  encoding?: { readonly x: string; readonly y: readonly string[]; readonly series?: string };
  sql: string;
}

export type ColumnType = 'string' | 'integer' | 'double' | 'timestamp' | 'date';

export interface ExportPage {
  id: string;
  title: string;
}

export interface LvParameter {
  displayName: string;
  keyword: string;
  dataType: 'STRING' | 'DATETIME' | 'DATE' | 'INTEGER' | 'DECIMAL';
  defaultSelection: { values: { dataType: string; values: { value: string }[] } };
}

export interface LvDataset {
  name: string;
  displayName: string;
  queryLines: string[];
  parameters?: LvParameter[];
}

export interface LvField {
  name: string;
  expression: string;
}

export interface LvQuery {
  name: string;
  query: {
    datasetName: string;
    fields?: LvField[];
    parameters?: { name: string; keyword: string }[];
    disaggregated: boolean;
  };
}

export interface LvWidget {
  name: string;
  queries?: LvQuery[];
  spec?: { version: number; widgetType: string; encodings: Record<string, unknown>; frame?: { showTitle: boolean; title: string } } & Record<string, unknown>;
  textbox_spec?: string;
}

export interface LvPosition {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LvPage {
  name: string;
  displayName: string;
  pageType: 'PAGE_TYPE_CANVAS' | 'PAGE_TYPE_GLOBAL_FILTERS';
  layoutVersion: 'GRID_V1';
  layout: { widget: LvWidget; position: LvPosition }[];
}

export interface LvDashboard {
  datasets: LvDataset[];
  pages: LvPage[];
  uiSettings?: Record<string, unknown>;
}

/** The grid is 12 columns wide (GRID_V1). */
export const GRID_COLUMNS = 12;
