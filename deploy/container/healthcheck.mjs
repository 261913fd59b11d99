// The image's HEALTHCHECK (Dockerfile): asks /readyz on the address the service was configured with.
//
// /readyz rather than /healthz because the container's health is what `depends_on: condition:
// service_healthy` gates on, and an agent started against a sidecar that cannot take its first export
// loses it (Claude Code does not retry a refused export): "healthy" must mean "an export sent now is
// accepted" (SPEC: /readyz is 200 when the sink is reachable and the spool has room). Neither Docker
// nor Podman restarts an unhealthy container by default, so a full spool shows as unhealthy without a
// restart.
import { readFileSync } from 'node:fs';

const flags = serviceFlags();
// As the service resolves them (README: Configuration): a flag wins over the environment.
const port = flags.port ?? (process.env.OTLP_DELTA_PORT || '4318');
const host = reachableHost(flags.host ?? (process.env.OTLP_DELTA_HOST || '127.0.0.1'));

/** `--port` and `--host` of the service's command line (pid 1, or the command run by an init such as `--init`'s). */
function serviceFlags() {
  let argv;
  try {
    argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
  } catch {
    return {};
  }
  const flag = (name) => {
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === `--${name}`) return argv[i + 1];
      if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
    }
    return undefined;
  };
  return { port: flag('port'), host: flag('host') };
}

/** The wildcard addresses listen on every interface, loopback included; a named address is asked as is. */
function reachableHost(configured) {
  if (configured === '0.0.0.0' || configured === '::' || configured === '[::]') return '127.0.0.1';
  return configured.includes(':') && !configured.startsWith('[') ? `[${configured}]` : configured;
}

try {
  const response = await fetch(`http://${host}:${port}/readyz`, { signal: AbortSignal.timeout(2500) });
  const body = await response.text();
  if (!response.ok) console.error(`/readyz answered ${response.status}: ${body}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`/readyz on ${host}:${port} did not answer: ${error.cause?.code ?? error.message}`);
  process.exit(1);
}
