/** The bearer tokens both APIs' writes accept and the text they are given in, one format for both Secrets (ADR 85). */
package io.streamrank.contract.auth;
