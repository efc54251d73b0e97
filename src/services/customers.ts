/** Customers as the operations desk looks them up: who they are, how to reach them, what they hold. */
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { type Booking, queryBookings } from '../store/booking-repository.js';
import { type Customer, getCustomer, listCustomerRows } from '../store/customer-repository.js';
import type { ServiceContext } from '../context.js';

export interface CustomerList {
  customers: Customer[];
  count: number;
}

export interface CustomerDetail {
  customer: Customer;
  /** Newest first, at most 100 (`booking list --customer ID` pages through more). */
  bookings: Booking[];
}

/** Customers, by id; `search` matches id, name, email or phone (case-insensitive, any part). */
export function listCustomers(ctx: ServiceContext, search?: string): CustomerList {
  if (search !== undefined && search.trim() === '') throw ValidationError.field('search', 'expected some text to look for');
  const customers = listCustomerRows(ctx.store, search?.trim());
  return { customers, count: customers.length };
}

export function showCustomer(ctx: ServiceContext, id: string): CustomerDetail {
  const key = id.trim().toUpperCase();
  const customer = getCustomer(ctx.store, key);
  if (!customer) throw new NotFoundError('customer', key);
  return { customer, bookings: queryBookings(ctx.store, { customer_id: key, limit: 100, offset: 0 }) };
}
