/**
 * Which vendor environment a deployer opens the gate of (an Azure DevOps stage of a release
 * definition, a GitHub environment of a repository). Each one may be bound to exactly one pnd
 * environment: a second binding would let one environment's run approve another's gate without its
 * soak policy or its confirmation (issue 13).
 */

export interface VendorEnvironment {
  /** Compares equal for the same vendor environment however the config spells it. */
  key: string;
  /** How people name it: `Azure DevOps stage "Production" of acme/platform release definition 20`. */
  label: string;
  /** The config key that names the vendor environment inside the deployer. */
  field: 'environmentName' | 'environment';
}

/**
 * Read from the parsed YAML as it is (possibly invalid elsewhere), so that config check can judge
 * it; undefined when the deployer lacks the fields the schema reports anyway.
 */
export function vendorEnvironmentOf(deployer: unknown): VendorEnvironment | undefined {
  if (typeof deployer !== 'object' || deployer === null) return undefined;
  const d = deployer as Record<string, unknown>;
  if (d.kind === 'ado-release') {
    const { organization, project, definitionId, environmentName } = d;
    if (typeof organization !== 'string' || typeof project !== 'string') return undefined;
    if (typeof definitionId !== 'number' || typeof environmentName !== 'string') return undefined;
    // Azure DevOps compares organization, project and stage names without regard to case.
    return {
      key: `ado-release:${organization}/${project}:${definitionId}:${environmentName}`.toLowerCase(),
      label: `Azure DevOps stage "${environmentName}" of ${organization}/${project} release definition ${definitionId}`,
      field: 'environmentName',
    };
  }
  if (d.kind === 'github-environment') {
    const { repository, environment } = d;
    if (typeof repository !== 'string' || typeof environment !== 'string') return undefined;
    // GitHub environment and repository names are case-insensitive; the workflow does not matter:
    // any workflow waiting on the environment waits on the same protection rules.
    return {
      key: `github-environment:${repository}:${environment}`.toLowerCase(),
      label: `GitHub environment "${environment}" of ${repository}`,
      field: 'environment',
    };
  }
  return undefined;
}

export interface Binding {
  vendor: VendorEnvironment;
  env: string;
  component: string;
  /** Index of the component in `components`, for the problem's location. */
  componentIndex: number;
}

/** Every deployer's binding, in file order. */
export function bindingsOf(components: unknown): Binding[] {
  if (!Array.isArray(components)) return [];
  const bindings: Binding[] = [];
  components.forEach((component: unknown, componentIndex) => {
    if (typeof component !== 'object' || component === null) return;
    const c = component as Record<string, unknown>;
    if (typeof c.environments !== 'object' || c.environments === null || Array.isArray(c.environments))
      return;
    for (const [env, here] of Object.entries(c.environments as Record<string, unknown>)) {
      const deployer = (here as { deployer?: unknown } | null)?.deployer;
      const vendor = vendorEnvironmentOf(deployer);
      if (!vendor) continue;
      bindings.push({
        vendor,
        env,
        component: typeof c.id === 'string' ? c.id : `#${componentIndex}`,
        componentIndex,
      });
    }
  });
  return bindings;
}

/** The bindings that reuse a vendor environment an earlier binding gave to another pnd environment. */
export function conflictingBindings(components: unknown): Array<{ binding: Binding; first: Binding }> {
  const first = new Map<string, Binding>();
  const conflicts: Array<{ binding: Binding; first: Binding }> = [];
  for (const binding of bindingsOf(components)) {
    const earlier = first.get(binding.vendor.key);
    if (!earlier) first.set(binding.vendor.key, binding);
    else if (earlier.env !== binding.env) conflicts.push({ binding, first: earlier });
  }
  return conflicts;
}
