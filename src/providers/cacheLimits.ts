// What prompt caching asks of a model: the shortest prefix it caches. Pure.
import type { ModelInfo } from './modelCatalog';

/**
 * Minimum cacheable prefix in tokens, from the prompt-caching table: shorter prefixes are not
 * cached (and no error is raised). Unknown models get 1,024, the common floor: a breakpoint there
 * may cache nothing, which costs a slot but never money.
 */
export function minCacheableTokens(info: Pick<ModelInfo, 'family' | 'version'>): number {
  const { family, version } = info;
  const major = Number.parseFloat(version ?? '');
  if (family === 'opus' && major >= 5) return 512;
  if ((family === 'opus' && (version === '4.5' || version === '4.6')) || (family === 'haiku' && version === '4.5')) return 4096;
  if ((family === 'sonnet' && version === '4.6') || (family === 'haiku' && (version === '3.5' || version === '3'))) return 2048;
  return 1024;
}
