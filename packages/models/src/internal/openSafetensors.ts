import type { ImagePreprocessing, PixelScalingOptions } from '@mnist-kit/datasets';
import { ModelError } from '../ModelError';
import { parseSafetensors, type SafetensorsTensor } from '../parseSafetensors';
import type { DataOptions, Init } from '../types';

/** What a recipe read from a file may say of the options every model has. */
type RecipeOptions = DataOptions & { dropout?: number; init?: Init };

/** The `__metadata__` key holding a model's recipe (JSON). */
export const META_KEY = 'mnist_kit';

/** Options every safetensors reader takes: the data fields a file without mnist-kit metadata cannot say. */
export interface SafetensorsReadOptions {
  /** How pixel bytes become inputs. Defaults to the file's metadata, else `{ normalize: 'unit' }` (x/255). */
  pixelScaling?: PixelScalingOptions;
  /** One name per output class. Defaults to the file's metadata, else none (outputs are numbered). */
  classNames?: readonly string[] | null;
  /** How an outside image becomes an input (`'digit'` or `'resize'`). Defaults to the file's metadata, else `'digit'`. */
  preprocessing?: ImagePreprocessing;
  /** Names the file in error messages. Defaults to `'the safetensors file'`. */
  what?: string;
}

/** A safetensors file opened to read a model from. */
export interface OpenedSafetensors {
  /** The file's tensors. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  /** The `ModelError('INVALID_FORMAT')` saying that the file does not hold the model, and `why`. */
  invalid(why: string): ModelError;
  /** The recipe in `__metadata__.mnist_kit` (`{}` without one); throws {@link invalid} when it is not JSON. */
  recipe<C>(): Partial<C>;
  /**
   * The options every model's recipe has: the data fields from the reader's options, else the `recipe`'s, else
   * the defaults; `dropout` and `init` from the `recipe`, else `0` and `'pytorch'`; `seed` 0 (see {@link resolve}).
   */
  recipeOptions(recipe: RecipeOptions): Required<DataOptions> & { dropout: number; init: Init; seed: number };
  /** The config `make` resolves, without a seed (`null`); its error becomes {@link invalid}'s. */
  resolve<C extends { readonly seed: number | null }>(make: () => C): Omit<C, 'seed'> & { readonly seed: null };
  /** The values of `<name>.bias`, which must be `[size]`; else throws {@link invalid}. */
  bias(name: string, size: number): Float32Array;
}

/**
 * Parses a safetensors file to read `model` (`'a CNN'`, `'an MLP'`) from, naming it `options.what` (default
 * `'the safetensors file'`) in errors.
 */
export function openSafetensors(
  bytes: Uint8Array,
  options: SafetensorsReadOptions,
  model: 'a CNN' | 'an MLP',
): OpenedSafetensors {
  const what = options.what ?? 'the safetensors file';
  const { tensors, metadata } = parseSafetensors(bytes, what);
  const invalid = (why: string) =>
    new ModelError('INVALID_FORMAT', `${what} does not hold ${model} mnist-kit can run: ${why}`);
  return {
    tensors,
    invalid,
    recipe<C>() {
      if (metadata[META_KEY] === undefined) return {};
      try {
        return JSON.parse(metadata[META_KEY]) as Partial<C>;
      } catch {
        throw invalid(`__metadata__.${META_KEY} is not JSON`);
      }
    },
    recipeOptions: (recipe) => ({
      dropout: recipe.dropout ?? 0,
      init: recipe.init ?? 'pytorch',
      seed: 0,
      pixelScaling: options.pixelScaling ?? recipe.pixelScaling ?? {},
      classNames: options.classNames ?? recipe.classNames ?? null,
      preprocessing: options.preprocessing ?? recipe.preprocessing ?? 'digit',
    }),
    resolve(make) {
      try {
        return { ...make(), seed: null };
      } catch (error) {
        throw invalid((error as Error).message);
      }
    },
    bias(name, size) {
      const bias = tensors.get(`${name}.bias`);
      if (bias === undefined || bias.shape.length !== 1 || bias.shape[0] !== size) {
        throw invalid(
          `${name}.bias must be [${size}]${bias === undefined ? ', and it is missing' : `, got [${bias.shape}]`}`,
        );
      }
      return Float32Array.from(bias.values);
    },
  };
}
