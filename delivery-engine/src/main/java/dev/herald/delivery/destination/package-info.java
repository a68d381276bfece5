/**
 * Destinations: which webhook URLs and addresses Herald will call. A URL's form is checked when a
 * webhook is saved; at every new connection its host is resolved once, every address is checked,
 * and the HTTP client connects only to the checked addresses (so a name that rebinds to an internal
 * address between the check and the connection cannot get through).
 */
package dev.herald.delivery.destination;
