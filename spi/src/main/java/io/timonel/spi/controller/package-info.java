/** Control loops run by the kernel: {@link io.timonel.spi.controller.Controller} and what it is given. */
package io.timonel.spi.controller;
