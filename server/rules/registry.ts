import { MESSAGE_RULES } from './messages/index.js';
import { RuleRegistry } from './rule-registry.js';

/**
 * Every rule sipscope ships, by id. Message rules live in ./messages (one file per rule);
 * transaction, dialog and call rules will join here as their folders appear.
 */
export const RULES: RuleRegistry = new RuleRegistry([...MESSAGE_RULES]);
