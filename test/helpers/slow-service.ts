/**
 * The real service in a process of its own, with a sink that takes `SLOW_SINK_DELAY_MS` per batch:
 * for tests that load it harder than the sink drains and measure the process from outside.
 * Settings come from the OTLP_DELTA_* environment, as for `serve`.
 */
import { loadConfig } from '../../src/config/load.js';
import { startService } from '../../src/service.js';
import { LocalDeltaSink } from '../../src/sinks/delta/local-delta-sink.js';
import { FaultySink } from './faulty-sink.js';

const config = loadConfig({});
const sink = new FaultySink(new LocalDeltaSink(config.dataDir, { encodeWorkers: config.encodeWorkers }));
sink.delayMs = Number(process.env.SLOW_SINK_DELAY_MS ?? 1000);
const service = await startService(config, { sink });
process.stdout.write(`listening on http://127.0.0.1:${service.address.port}\n`);
process.once('SIGTERM', () => {
  sink.delayMs = 0;
  void service.close().then(() => process.exit(0));
});
