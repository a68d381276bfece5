/** The live event feed behind the SSE stream, shared by every Herald instance on one database. */
package dev.herald.delivery.feed;
