import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 18: no import cycle among the services. A cycle is made of imports that run (value
 * imports); `import type` and `import { type X }` vanish when compiled and are left out.
 */
const root = resolve(import.meta.dirname, '../..');
const servicesDir = join(root, 'src/lib/server/services');

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
		d.isDirectory()
			? filesUnder(join(dir, d.name))
			: d.name.endsWith('.ts')
				? [join(dir, d.name)]
				: []
	);
}

function resolveImport(from: string, spec: string): string | null {
	const base = spec.startsWith('$lib/')
		? join(root, 'src/lib', spec.slice(5))
		: spec.startsWith('.')
			? resolve(dirname(from), spec)
			: null;
	if (!base) return null;
	for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
		if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
	}
	return null;
}

/** The files a module imports for their values (re-exports included). */
export function valueImports(file: string, source: string): string[] {
	const found: string[] = [];
	const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
	for (const [, , typeOnly, clause, spec] of source.matchAll(statement)) {
		if (typeOnly) continue;
		const names = /\{([^}]*)\}/.exec(clause ?? '')?.[1];
		const onlyTypes =
			names !== undefined &&
			!/^\s*[\w$]+\s*,/.test(clause ?? '') &&
			names
				.split(',')
				.map((n) => n.trim())
				.filter(Boolean)
				.every((n) => n.startsWith('type '));
		if (onlyTypes) continue;
		const target = resolveImport(file, spec!);
		if (target) found.push(target);
	}
	for (const [, spec] of source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
		const target = resolveImport(file, spec!);
		if (target) found.push(target);
	}
	return found;
}

/** Strongly connected components with more than one file, or a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
	let index = 0;
	const idx = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const out: string[][] = [];
	const visit = (v: string) => {
		idx.set(v, index);
		low.set(v, index++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!graph.has(w)) continue;
			if (!idx.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
		}
		if (low.get(v) === idx.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component);
		}
	};
	for (const v of graph.keys()) if (!idx.has(v)) visit(v);
	return out;
}

describe('the services import no cycle', () => {
	it('finds the value imports and leaves type-only ones out', () => {
		const here = join(servicesDir, 'clients/example.ts');
		const src = [
			"import { a } from './clients';",
			"import type { B } from '../core/access';",
			"import { type C, type D } from '../core/audit';",
			"import { type E, f } from '../core/context';",
			"export { g } from '$lib/server/services/core/validation';"
		].join('\n');
		expect(valueImports(here, src).map((f) => relative(servicesDir, f))).toEqual([
			'clients/clients.ts',
			'core/context.ts',
			'core/validation.ts'
		]);
	});

	it('has no cycle among the files of src/lib/server/services', () => {
		const files = filesUnder(servicesDir);
		const graph = new Map(files.map((f) => [f, valueImports(f, readFileSync(f, 'utf8'))]));
		const found = cycles(graph).map((c) => c.map((f) => relative(servicesDir, f)).sort());
		expect(found).toEqual([]);
	});
});
