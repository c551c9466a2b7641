export { field, metaOf, shapeOf, type FieldMeta, type FieldShape } from './field.ts';
export { canonicalJson, recipeHash } from './hash.ts';
export { cnDefaults, fieldsFor, METHOD_DEFAULTS, resolveRecipe } from './resolve.ts';
export {
  DEVICE_CHOICES,
  METHOD_CHOICES,
  RECIPE_VERSION,
  recipeSchema,
  SECTIONS,
  type DeviceChoice,
  type MethodChoice,
  type Recipe,
  type RecipeInput,
  type SectionName,
} from './schema.ts';
export { fieldLabel, parseRecipe, parseRecipeText } from './validate.ts';
