// @ts-check

/**
 * Notification settings per user, entity and event, and the notifications
 * sent (one row per event: replicas and restarts never send one twice).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('notification_settings', table => {
    table.comment('Per user, entity and event: subscribe (told though not an owner) or mute');
    table.string('user_ref', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('event', 32).notNullable();
    table.string('mode', 16).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['user_ref', 'entity_ref', 'event']);
    table.index(['entity_ref'], 'notification_settings_entity_idx');
  });
  await knex.schema.createTable('notifications_sent', table => {
    table.comment('Events told, by a key made of cluster data (same on every replica)');
    table.string('dedupe_key', 700).notNullable().primary();
    table.string('entity_ref', 255).notNullable();
    table.string('event', 32).notNullable();
    table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['sent_at'], 'notifications_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('notifications_sent');
  await knex.schema.dropTable('notification_settings');
};
