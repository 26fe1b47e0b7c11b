// Imports every domain module (each registers its types on the builder), then builds the schema.
import { builder } from './builder.js';
import './finetuning/finetuned-model.js';
import './finetuning/events.js';
import './finetuning/step-metrics.js';
import './finetuning/mutations.js';

export const schema = builder.toSchema({ sortSchema: false });
