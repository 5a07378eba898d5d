/** docker-compose.yml, the container builds and the demo replay script. */
package io.streamrank.ops.compose;
