/** Resource types the API server stores and serves, and how they are described. */
package io.timonel.spi.resource;
