// What a verification needs to know about a call site: the registry key it is recorded under, and whether its
// client takes Claude models at all (a move to Haiku never changes the provider a call talks to).
import { registryKey, routeOf, type ModelRoute } from '../registry/route';
import type { ScannedCall } from '../types';

export interface VerifySite {
  /** The registry key: the call's registry task, else its task type (with the route's suffix for Bedrock, Vertex …). */
  taskKey: string;
  route: ModelRoute;
  /** Null when the call can be verified; else why not. */
  blocked: string | null;
}

export function verifySite(call: ScannedCall, taskType: string, opts: { written?: string | null; callText?: string } = {}): VerifySite {
  const route = routeOf(
    { sdk: call.sdk, provider: call.provider, baseUrl: call.baseUrl, api: call.api, wrapper: call.wrapper ? { innerSdk: call.wrapper.innerSdk } : undefined, model: call.model },
    opts,
  );
  const taskKey = call.registryTask ?? registryKey(taskType, route);
  const blocked = route.claude ? null : `${route.reason ?? `this call goes to ${route.label}`}. A verification compares the Claude tiers, which this call cannot use.`;
  return { taskKey, route, blocked };
}
