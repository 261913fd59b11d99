import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCerts {
  dir: string;
  /** PEM file of the CA (for NODE_EXTRA_CA_CERTS / the connector's customCaCert). */
  caPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  remove(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/**
 * A throwaway CA and a server certificate it signs, made with the openssl CLI in a temporary
 * directory: subjectAltName covers the given IP addresses and DNS names.
 */
export async function makeTestCerts(san: { ips: string[]; dns: string[] }): Promise<TestCerts> {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-warehouse-'));
  try {
    const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await openssl(dir, [
      'req', '-x509', ...curve, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
      '-subj', '/CN=otlp-delta test warehouse CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await openssl(dir, [
      'req', '-new', ...curve, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost',
    ]);
    const altNames = [...san.ips.map((ip) => `IP:${ip}`), ...san.dns.map((name) => `DNS:${name}`)].join(',');
    await writeFile(
      join(dir, 'server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${altNames}`,
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid',
        '',
      ].join('\n'),
    );
    await openssl(dir, [
      'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext',
    ]);
    const [caPem, certPem, keyPem] = await Promise.all(
      ['ca.pem', 'server.pem', 'server.key'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    return {
      dir,
      caPath: join(dir, 'ca.pem'),
      caPem,
      certPem,
      keyPem,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
