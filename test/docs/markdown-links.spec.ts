import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository's documentation stands on its own: every relative link in README.md, CONTRIBUTING.md and docs/
 * reaches a file of the repository (and a heading there), and no file points at places outside the repository.
 */
const ROOT = path.resolve(__dirname, '../..');
const SKIPPED = ['node_modules/', '.tools/', 'dist/'];

/** What the link check needs to know about the repository. */
interface Repository {
  /** Paths relative to the root, with forward slashes. */
  files: ReadonlySet<string>;
  read(file: string): string;
}

/** Every file git tracks or would add (untracked, not ignored) that is in the working tree. */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\0'))]
    .filter((file) => file !== '' && !SKIPPED.some((prefix) => file.startsWith(prefix)))
    .filter((file) => fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false })?.isFile() === true);
}

const isDocumentation = (file: string): boolean =>
  file === 'README.md' || file === 'CONTRIBUTING.md' || (file.startsWith('docs/') && file.endsWith('.md'));

/** Which lines belong to a fenced code block (the fence lines included). */
function fencedLines(markdown: string): boolean[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      fence = marker;
      return marker !== undefined;
    }
    if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    return true;
  });
}

/** The same text with fenced code blocks and code spans blanked out (line breaks kept, so line numbers hold). */
function withoutCode(markdown: string): string {
  const fenced = fencedLines(markdown);
  const lines = markdown.split('\n').map((line, index) => (fenced[index] ? '' : line));
  return lines.join('\n').replace(/(`+)[^`][\s\S]*?\1/g, (code) => code.replace(/[^\n]/g, ' '));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (a repeated heading gets -1, -2, ... as on GitHub). */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  const fenced = fencedLines(markdown);
  markdown.split('\n').forEach((line, index) => {
    if (fenced[index]) return;
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) return;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  });
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) found.add(match[1] ?? '');
  return found;
}

interface Link {
  line: number;
  target: string;
}

/** Inline links and images, reference definitions and HTML href/src attributes, outside code. */
function links(markdown: string): Link[] {
  const text = withoutCode(markdown);
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const patterns = [
    /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
    /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm,
    /<(?:a|img)\b[^>]*?\s(?:href|src)="([^"]*)"/g,
  ];
  return patterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => ({
      line: lineOf(match.index),
      target: (match[1] ?? '').replace(/^<(.*)>$/, '$1'),
    })),
  );
}

/** What is wrong with the links of one Markdown file, as `file:line: problem`. */
function linkProblems(file: string, repo: Repository): string[] {
  const directories = foldersOf(repo.files);
  const problems: string[] = [];
  for (const { line, target } of links(repo.read(file))) {
    const problem = targetProblem(file, target, repo, directories);
    if (problem) problems.push(`${file}:${line}: ${problem}`);
  }
  return problems;
}

/** Every folder that holds a file of the repository ('docs', 'docs/decisions', ...). */
function foldersOf(files: ReadonlySet<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
  }
  return folders;
}

function targetProblem(
  file: string,
  target: string,
  repo: Repository,
  directories: ReadonlySet<string>,
): string | undefined {
  if (target === '') return 'empty link';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
  if (scheme === 'file') return `${target} points outside the repository`;
  if (scheme !== undefined) return undefined; // http(s), mailto: not checked here
  if (target.startsWith('/')) return `${target} is an absolute path; link relative to the file`;
  const [rawPath = '', anchor] = target.split('#', 2);
  const linkPath = decodeURIComponent(rawPath.split('?')[0] ?? '');
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), linkPath));
  if (resolved === '..' || resolved.startsWith('../')) return `${target} points outside the repository`;
  const into = linkPath === '' ? file : resolved.replace(/\/$/, '');
  const isDirectory = into === '.' || directories.has(into);
  if (!repo.files.has(into) && !isDirectory) return `${target}: ${into} is not a file of the repository`;
  if (anchor === undefined || isDirectory) return undefined;
  if (into.endsWith('.md')) {
    return anchors(repo.read(into)).has(anchor) ? undefined : `${target}: ${into} has no heading #${anchor}`;
  }
  return /^L\d+(-L\d+)?$/.test(anchor) ? undefined : `${target}: #${anchor} is not a line anchor`;
}

/** Mentions of places outside the repository: the team's shared folder, or absolute paths of this workplace. */
const OUTSIDE = [/\.\.\/shared\b/, /(?<![\w.-])\/work\//];

function outsideMentions(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) =>
      OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim().slice(0, 120)}`] : [],
    );
}

function fakeRepository(files: Record<string, string>): Repository {
  return { files: new Set(Object.keys(files)), read: (file) => files[file] ?? '' };
}

describe('the documentation', () => {
  const files = repositoryFiles();
  const repo: Repository = {
    files: new Set(files),
    read: (file) => fs.readFileSync(path.join(ROOT, file), 'utf8'),
  };
  const documents = files.filter(isDocumentation);

  it('covers the README, CONTRIBUTING.md and the design, architecture, operations and decision documents', () => {
    expect(documents).toEqual(
      expect.arrayContaining([
        'README.md',
        'CONTRIBUTING.md',
        'docs/design.md',
        'docs/architecture.md',
        'docs/operations.md',
        'docs/decisions/README.md',
      ]),
    );
  });

  it('links only to files and headings that exist in the repository', () => {
    expect(documents.flatMap((file) => linkProblems(file, repo))).toEqual([]);
  });

  it('never mentions the shared folder or absolute workplace paths in any file of the repository', () => {
    const mentions = files.flatMap((file) => {
      const content = fs.readFileSync(path.join(ROOT, file));
      if (content.subarray(0, 8000).includes(0)) return []; // binary
      return outsideMentions(file, content.toString('utf8'));
    });
    expect(mentions).toEqual([]);
  });
});

describe('the link check', () => {
  const repo = fakeRepository({
    'README.md': '# Title\n\n## Quick start\n',
    'docs/a.md': '# A\n\n## Same\n\n## Same\n\n```sh\n# not a heading\n```\n',
    'src/main.ts': '',
    'docs/b.md': '',
  });
  const problemsOf = (markdown: string): string[] =>
    linkProblems('docs/b.md', { ...repo, read: (f) => (f === 'docs/b.md' ? markdown : repo.read(f)) });

  it('accepts links to files, folders, headings and line anchors of the repository', () => {
    expect(
      problemsOf(
        '[r](../README.md#quick-start) [a](a.md#same-1) [s](../src/main.ts#L3) [d](../src/) [w](https://example.org/x)\n' +
          '![i](a.md) [self](#b)\n\n# B\n\n[ref]: ../README.md#title\n',
      ),
    ).toEqual([]);
  });

  it('reports a link to a missing file, a missing heading, and a heading only inside a code block', () => {
    expect(problemsOf('[x](missing.md)\n[y](a.md#nope)\n[z](a.md#not-a-heading)\n')).toEqual([
      'docs/b.md:1: missing.md: docs/missing.md is not a file of the repository',
      'docs/b.md:2: a.md#nope: docs/a.md has no heading #nope',
      'docs/b.md:3: a.md#not-a-heading: docs/a.md has no heading #not-a-heading',
    ]);
  });

  it('reports links that leave the repository or use absolute paths, and ignores links in code', () => {
    expect(
      problemsOf('[up](../../x.md) [abs](/etc/hosts) [f](file:///tmp/x)\n`[c](gone.md)`\n```\n[d](gone.md)\n```\n'),
    ).toEqual([
      'docs/b.md:1: ../../x.md points outside the repository',
      'docs/b.md:1: /etc/hosts is an absolute path; link relative to the file',
      'docs/b.md:1: file:///tmp/x points outside the repository',
    ]);
  });

  it('reports mentions of the shared folder and of workplace paths, not of URLs that contain them', () => {
    // Built from parts, so this file does not mention them itself.
    const shared = ['..', 'shared'].join('/');
    const workplace = ['', 'work', 'x'].join('/');
    const text = [`see ${shared}`, `in ${workplace}`, 'https://example.org/work/x', 'src/work/y'].join('\n');
    expect(outsideMentions('f.md', text)).toEqual([`f.md:1: see ${shared}`, `f.md:2: in ${workplace}`]);
  });
});
