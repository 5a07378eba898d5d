/** The item catalog: merchandising attributes of items (category, creation time, availability) and their Redis codec. */
package io.streamrank.contract.catalog;
