import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADO_OPERATION_SCOPES, adoScopeFor, scopeGrants } from './scopes.ts';

type Operation = { operationId?: string; security?: { oauth2?: string[] }[] };
type Description = {
  paths?: Record<string, Record<string, Operation>>;
  'x-ms-paths'?: Record<string, Record<string, Operation>>;
};

/** Every operation of spec/azure-devops-*.json with its oauth2 scopes, path below the project. */
function described(): { method: string; template: string; operationId: string; scopes: string[] }[] {
  return ['azure-devops-release', 'azure-devops-build'].flatMap((name) => {
    const spec = JSON.parse(readFileSync(`spec/${name}.json`, 'utf8')) as Description;
    return Object.entries({ ...spec.paths, ...spec['x-ms-paths'] }).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        template: path.replace(/^\/\{organization\}\/\{project\}/, '').replace(/\?$/, ''),
        operationId: op.operationId ?? '',
        scopes: (op.security ?? []).flatMap((s) => s.oauth2 ?? []),
      })),
    );
  });
}

describe('the Azure DevOps scope table', () => {
  it('is the vendor description’s security scopes, operation for operation', () => {
    const fromSpec = described().map((op) => ({ ...op, scope: op.scopes[0] }));
    expect(
      ADO_OPERATION_SCOPES.map(({ method, template, operationId, scope }) => ({
        method,
        template,
        operationId,
        scope,
      })).sort((a, b) => a.operationId.localeCompare(b.operationId)),
    ).toEqual(
      fromSpec
        .map(({ method, template, operationId, scope }) => ({ method, template, operationId, scope }))
        .sort((a, b) => a.operationId.localeCompare(b.operationId)),
    );
  });

  it('finds an operation by method and concrete path, and knows which scopes include which', () => {
    expect(adoScopeFor('PATCH', '/_apis/release/approvals/42')?.scope).toBe('vso.release_manage');
    expect(adoScopeFor('GET', '/_apis/build/builds/7')?.scope).toBe('vso.build');
    expect(adoScopeFor('GET', '/_apis/unknown')).toBeUndefined();
    expect(scopeGrants(['vso.release_execute'], 'vso.release')).toBe(true);
    expect(scopeGrants(['vso.release_execute'], 'vso.release_manage')).toBe(false);
    expect(scopeGrants(['app_token'], 'vso.release_manage')).toBe(true);
    expect(scopeGrants(['vso.build_execute'], 'vso.build')).toBe(true);
  });

  it('never throws on any path, and only matches paths of the table’s shape', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'PATCH', 'POST', 'delete'),
        fc.array(fc.string(), { maxLength: 6 }),
        (method, parts) => {
          const found = adoScopeFor(method, `/${parts.join('/')}`);
          if (found)
            expect(found.template.split('/').filter(Boolean)).toHaveLength(parts.filter(Boolean).length);
        },
      ),
    );
  });
});
