/**
 * An ExportLogsServiceRequest whose one log record's body is a kvlist AnyValue nested `levels`
 * deep (`{k: {k: {k: ... "leaf"}}}`), built in linear time: every level is a pure prefix.
 */
export function deepKvlistLogs(levels: number): Uint8Array {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  const leaf = [0x0a, 4, ...Buffer.from('leaf')]; // AnyValue.string_value
  const prefixes: number[][] = [];
  let length = leaf.length; // of the AnyValue built so far
  const wrap = (fieldTag: number, extra: number[] = []) => {
    // a message whose content is `extra` then field `fieldTag` holding the current message
    const header = [...extra, fieldTag, ...varint(length)];
    prefixes.push(header);
    length += header.length;
  };
  for (let i = 0; i < levels; i++) {
    wrap(0x12, [0x0a, 1, 0x6b]); // KeyValue { key = "k"; value = 2 }
    wrap(0x0a); // KeyValueList { values = 1 }
    wrap(0x32); // AnyValue { kvlist_value = 6 }
  }
  wrap(0x2a); // LogRecord { body = 5 }
  wrap(0x12); // ScopeLogs { log_records = 2 }
  wrap(0x12); // ResourceLogs { scope_logs = 2 }
  wrap(0x0a); // ExportLogsServiceRequest { resource_logs = 1 }
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = prefixes.length - 1; i >= 0; i--) {
    out.set(prefixes[i], at);
    at += prefixes[i].length;
  }
  out.set(leaf, at);
  return out;
}
