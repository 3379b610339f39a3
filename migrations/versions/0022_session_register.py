"""a register and a reminder per session of an event; reminders a booker turns off

Revision ID: 0022_session_register
Revises: 0021_import_progress
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_session_register'
down_revision = '0021_import_progress'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_session_attendance_booking_id_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_session_attendance_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_attendance')),
    sa.UniqueConstraint('booking_id', 'session_id', name=op.f('uq_session_attendance_booking_id'))
    )
    with op.batch_alter_table('session_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('session_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_session_reminders_booking_id_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_session_reminders_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_reminders')),
    sa.UniqueConstraint('booking_id', 'session_id', name=op.f('uq_session_reminders_booking_id'))
    )
    with op.batch_alter_table('session_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_reminders_session_id'), ['session_id'], unique=False)

    # A reminder already sent (before the first session) is not sent again.
    op.execute(
        "INSERT INTO session_reminders (booking_id, session_id, sent_at) "
        "SELECT bookings.id, first_sessions.id, bookings.reminder_sent_at FROM bookings "
        "JOIN event_sessions AS first_sessions ON first_sessions.event_id = bookings.event_id "
        "WHERE bookings.reminder_sent_at IS NOT NULL AND first_sessions.starts_at = "
        "(SELECT min(starts_at) FROM event_sessions WHERE event_sessions.event_id = bookings.event_id)"
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_off', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_column('reminder_sent_at')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_link', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_link')

    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('reminders_off')

    with op.batch_alter_table('session_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_reminders_session_id'))

    op.drop_table('session_reminders')
    with op.batch_alter_table('session_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_attendance_session_id'))

    op.drop_table('session_attendance')
