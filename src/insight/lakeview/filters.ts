import { filterFor, type FilterDef } from './parameters.js';
import type { LvPage, LvQuery } from './types.js';

/**
 * The dashboard's filters, on a page of type PAGE_TYPE_GLOBAL_FILTERS, so that they apply to every
 * page. Each filter widget sets its parameter in every dataset that declares it (one query per
 * dataset with `parameters: [{name, keyword}]`, encoded as `{parameterName, queryName}`, as the
 * workspace writes such bindings), and, for a text filter, lists its choices from a dataset that
 * has a column of that name (a `fieldName` query over that column).
 */

export interface DatasetFacts {
  name: string;
  parameters: readonly string[];
  columns: readonly string[];
}

export function filterPage(datasets: readonly DatasetFacts[], filters?: readonly FilterDef[]): LvPage | undefined {
  const keywords: string[] = [];
  for (const d of datasets) for (const p of d.parameters) if (!keywords.includes(p)) keywords.push(p);
  if (keywords.length === 0) return undefined;
  const layout = keywords.map((keyword, i) => {
    const filter = filterFor(keyword, filters);
    const queries: LvQuery[] = [];
    const fields: Record<string, string>[] = [];
    const source = filter.dataType === 'STRING' ? datasets.find((d) => d.columns.includes(keyword)) : undefined;
    if (source) {
      const queryName = `values_${source.name}_${keyword}`;
      queries.push({
        name: queryName,
        query: {
          datasetName: source.name,
          fields: [{ name: keyword, expression: `\`${keyword}\`` }],
          disaggregated: false,
        },
      });
      fields.push({ fieldName: keyword, displayName: filter.title, queryName });
    }
    for (const d of datasets) {
      if (!d.parameters.includes(keyword)) continue;
      const queryName = `parameter_${d.name}_${keyword}`;
      queries.push({ name: queryName, query: { datasetName: d.name, parameters: [{ name: keyword, keyword }], disaggregated: false } });
      fields.push({ parameterName: keyword, queryName });
    }
    return {
      widget: {
        name: `filter_${keyword}`,
        queries,
        spec: { version: 2, widgetType: filter.widgetType, encodings: { fields }, frame: { showTitle: true, title: filter.title } },
      },
      position: { x: 0, y: i * 2, width: 2, height: 2 },
    };
  });
  return { name: 'filters', displayName: 'Filters', pageType: 'PAGE_TYPE_GLOBAL_FILTERS', layoutVersion: 'GRID_V1', layout };
}
