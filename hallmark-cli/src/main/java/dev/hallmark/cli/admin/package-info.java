/**
 * {@code hallmark admin}: users, organisations, teams, members and repositories, through the admin
 * REST API of a running server ({@code /api/v0/…}). Credentials come from {@code HALLMARK_USERNAME}
 * and {@code HALLMARK_PASSWORD} or a prompt, never from arguments. No account logic here.
 */
package dev.hallmark.cli.admin;
