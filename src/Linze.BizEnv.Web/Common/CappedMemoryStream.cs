namespace Linze.BizEnv.Web.Common;

/// <summary>Thrown by <see cref="CappedMemoryStream"/> when an upload is larger than its limit.</summary>
public sealed class UploadTooLargeException() : IOException("upload larger than its limit");

/// <summary>
/// An in-memory copy of an upload that refuses to grow past <paramref name="limit"/> bytes, so an oversized file is
/// rejected while it is being read, not after it has been kept whole. Copy into it with CopyTo or CopyToAsync.
/// </summary>
public sealed class CappedMemoryStream(long limit) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        Ensure(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Ensure(buffer.Length);
        base.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        Ensure(1);
        base.WriteByte(value);
    }

    private void Ensure(int count)
    {
        if (Length + count > limit)
        {
            throw new UploadTooLargeException();
        }
    }
}
