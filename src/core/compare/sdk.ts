// The Anthropic SDK, loaded on first use: a scan (the CLI's main job, the editor's index) never sends anything, so it
// does not pay for loading the SDK (~40 ms of a CLI scan's start-up); a comparison, the judge and verification do.
import type * as AnthropicSdk from '@anthropic-ai/sdk';

let sdk: typeof AnthropicSdk | undefined;

export function anthropicSdk(): typeof AnthropicSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require('@anthropic-ai/sdk') as typeof AnthropicSdk;
  return sdk;
}

/** `e instanceof APIError` (any HTTP error answer of the API), without loading the SDK for a value that is not one. */
export function isApiError(e: unknown): e is AnthropicSdk.APIError {
  return e instanceof Error && e instanceof anthropicSdk().APIError;
}

export function isConnectionError(e: unknown): e is AnthropicSdk.APIConnectionError {
  return e instanceof Error && e instanceof anthropicSdk().APIConnectionError;
}

export function isConnectionTimeout(e: unknown): e is AnthropicSdk.APIConnectionTimeoutError {
  return e instanceof Error && e instanceof anthropicSdk().APIConnectionTimeoutError;
}

export function isUserAbort(e: unknown): e is AnthropicSdk.APIUserAbortError {
  return e instanceof Error && e instanceof anthropicSdk().APIUserAbortError;
}
