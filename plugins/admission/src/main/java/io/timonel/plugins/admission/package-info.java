/** Kubernetes' built-in admission plugins, written against the SPI like any third-party plugin. */
package io.timonel.plugins.admission;
