/**
 * Interns field names to small integers ("slots") when rules compile, so a matcher reads a field
 * through an array index and each field is fetched and lower-cased at most once per event.
 */
export class FieldSlots {
  readonly names: string[] = [];
  private readonly byName = new Map<string, number>();

  slotOf(name: string): number {
    let slot = this.byName.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(name);
      this.byName.set(name, slot);
    }
    return slot;
  }

  get size(): number {
    return this.names.length;
  }
}
