/** First-start set-up on the embedded database: the default project and its printed API key. */
package dev.herald.api.bootstrap;
