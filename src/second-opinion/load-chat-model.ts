/**
 * Load the user's chat model from the module the config names, so any provider package works
 * (`@langchain/openai`, `@langchain/anthropic`, a local Ollama wrapper, a fake for tests). The module
 * exports, as `default` or `model`, a chat model or a function (sync or async) that returns one.
 */
import { pathToFileURL } from 'node:url';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChartcoderError } from '../contract/errors.js';

export interface LoadedModel {
  model: BaseChatModel;
  /** What the manifest records and the cache key includes: the module, the class, the provider's model name. */
  identity: { module: string; class: string; name?: string };
}

export async function loadChatModel(modulePath: string, where: string): Promise<LoadedModel> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ChartcoderError(
      'CONFIG_BAD_VALUE',
      `expected an ES module exporting a chat model; it could not be loaded (${code ?? (e as Error).name})`,
      where,
    );
  }
  let exported = mod.default ?? mod.model;
  if (typeof exported === 'function' && !isChatModel(exported)) exported = await (exported as () => unknown)();
  if (!isChatModel(exported)) {
    throw new ChartcoderError(
      'CONFIG_BAD_VALUE',
      'expected the module to export (default or `model`) a LangChain chat model or a function returning one',
      where,
    );
  }
  const m = exported as BaseChatModel & { model?: unknown; modelName?: unknown };
  const name = typeof m.model === 'string' ? m.model : typeof m.modelName === 'string' ? m.modelName : undefined;
  return { model: m, identity: { module: modulePath, class: m.getName(), ...(name ? { name } : {}) } };
}

/** Duck-typed: the user's module may bring its own copy of @langchain/core, so instanceof would lie. */
function isChatModel(x: unknown): boolean {
  const o = x as { invoke?: unknown; getName?: unknown; _llmType?: unknown } | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.invoke === 'function' &&
    typeof o.getName === 'function' &&
    typeof o._llmType === 'function'
  );
}
