/**
 * The build's only contact with the outside: Debian's archive through apt. Binary packages (the
 * cross toolchain, newlib-source, gcc-12-source) are checked against their pinned versions and
 * installed when missing and we are root; source packages are downloaded with
 * `apt-get source --download-only` through a private sources list, so the system's apt
 * configuration is never touched (client-elf-notes.md). Every tarball is checked against its
 * pinned sha-256 as well as apt's own signature chain.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APT_INSTALL, BINARY_PACKAGES, type SourcePackage } from './inputs.js';
import { BuildError, run, sha256File } from './step.js';

const DEFAULT_ARCHIVE = 'http://deb.debian.org/debian';

/** Installed version of a package, or undefined. */
function installedVersion(pkg: string): string | undefined {
  try {
    // dpkg-query's own ${field} format, not a template string.
    const field = (name: string) => `$\{${name}}`;
    const format = `${field('db:Status-Status')} ${field('Version')}`;
    const out = execFileSync('dpkg-query', ['-W', '-f', format, pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [status, version] = out.trim().split(' ');
    return status === 'installed' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Which of the pinned packages are not installed, and which are installed at another version. */
export function binaryProblems(pins: Record<string, string> = BINARY_PACKAGES): { missing: string[]; wrong: string[] } {
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const [pkg, want] of Object.entries(pins)) {
    const have = installedVersion(pkg);
    if (have === undefined) missing.push(pkg);
    else if (have !== want) wrong.push(`${pkg} ${have} (the build is pinned to ${want})`);
  }
  return { missing, wrong };
}

/**
 * Makes sure the pinned binary packages are installed: installs missing ones with apt when
 * running as root, otherwise says exactly what to install.
 */
export async function ensureBinaryPackages(log: string, progress: (line: string) => void): Promise<void> {
  let { missing, wrong } = binaryProblems();
  if (missing.length > 0) {
    if (process.getuid?.() !== 0)
      throw new BuildError(
        `missing Debian packages: ${missing.join(', ')}; install them with: sudo apt-get install -y ${APT_INSTALL.join(' ')}`,
      );
    progress(`installing Debian packages: ${APT_INSTALL.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { cwd: '/', log, env });
    await run('apt-get', ['install', '-y', '-qq', ...APT_INSTALL], { cwd: '/', log, env });
    ({ missing, wrong } = binaryProblems());
    if (missing.length > 0) throw new BuildError(`apt did not install: ${missing.join(', ')} (see ${log})`);
  }
  if (wrong.length > 0)
    throw new BuildError(`Debian package versions differ from the pinned ones: ${wrong.join('; ')}`);
}

/** The Debian archive URL the system already uses (deb822 or one-line format). */
function archiveUrl(): string {
  const candidates: string[] = [];
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir)) for (const f of readdirSync(dir)) candidates.push(join(dir, f));
  candidates.push('/etc/apt/sources.list');
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text);
    if (deb822) return deb822[1]!;
    const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+\S+/m.exec(text);
    if (line) return line[1]!;
  }
  return DEFAULT_ARCHIVE;
}

/**
 * Downloads a source package's files into `into` (once: kept in the cache) and returns the path
 * of its upstream tarball, checked against the pinned sha-256.
 */
export async function fetchSourcePackage(
  pkg: SourcePackage,
  aptDir: string,
  into: string,
  log: string,
): Promise<string> {
  const tarball = join(into, pkg.orig);
  if (!existsSync(tarball)) {
    const root = join(aptDir, pkg.suite);
    const lists = join(root, 'lists');
    mkdirSync(join(lists, 'partial'), { recursive: true });
    mkdirSync(join(root, 'cache', 'archives', 'partial'), { recursive: true });
    mkdirSync(into, { recursive: true });
    const list = join(root, 'sources.list');
    writeFileSync(list, `deb-src ${archiveUrl()} ${pkg.suite} main\n`);
    const opts = [
      '-o',
      `Dir::Etc::SourceList=${list}`,
      '-o',
      'Dir::Etc::SourceParts=/dev/null',
      '-o',
      `Dir::State::Lists=${lists}`,
      '-o',
      `Dir::Cache=${join(root, 'cache')}`,
      '-o',
      'APT::Sandbox::User=root',
    ];
    await run('apt-get', [...opts, 'update', '-qq'], { cwd: into, log });
    await run('apt-get', [...opts, 'source', '--download-only', `${pkg.name}=${pkg.version}`], { cwd: into, log });
  }
  if (!existsSync(tarball))
    throw new BuildError(`apt-get source ${pkg.name}=${pkg.version} left no ${pkg.orig} (see ${log})`);
  const got = sha256File(tarball);
  if (got !== pkg.sha256) throw new BuildError(`${pkg.orig}: sha-256 ${got}, pinned ${pkg.sha256}`);
  return tarball;
}

/** Checks a tarball a binary package installed under /usr/src against its pinned sha-256. */
export function checkSystemTarball(path: string, sha256: string): string {
  if (!existsSync(path)) throw new BuildError(`${path} is missing (its Debian package is not installed)`);
  const got = sha256File(path);
  if (got !== sha256) throw new BuildError(`${path}: sha-256 ${got}, pinned ${sha256}`);
  return path;
}
